import type { Clock } from '../ports/clock.port.js';
import type { RateLimitDecision, RateLimiter, RateLimitRule } from '../ports/rate-limiter.port.js';

/** Sliding-log rate limiter on a clock, for tests. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - rule.windowMs);
    if (recent.length >= rule.limit) {
      this.hits.set(key, recent);
      return { allowed: false, remaining: 0, retryAfterMs: recent[0]! + rule.windowMs - now };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true, remaining: rule.limit - recent.length, retryAfterMs: 0 };
  }

  async refund(key: string, _rule: RateLimitRule): Promise<void> {
    this.hits.get(key)?.pop();
  }

  async reset(key: string): Promise<void> {
    this.hits.delete(key);
  }
}
