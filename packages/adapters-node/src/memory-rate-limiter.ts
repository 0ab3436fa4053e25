import type { Clock, RateLimitDecision, RateLimiter, RateLimitRule } from '@chatbuddy/core';

interface Window {
  startedAt: number;
  count: number;
  previousCount: number;
}

/**
 * Sliding-window counter per key in this process (the embedded default). Memory stays bounded:
 * windows idle for longer than their rule are swept, and at most `maxKeys` keys are kept.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const window = this.advance(key, rule, now);
    const elapsed = (now - window.startedAt) / rule.windowMs;
    const estimate = window.previousCount * (1 - elapsed) + window.count;
    if (estimate + 1 > rule.limit) {
      const needed =
        window.previousCount > 0 ? 1 - (rule.limit - window.count - 1) / window.previousCount : 1;
      const waitFraction = Math.min(1, Math.max(needed, 0)) - elapsed;
      const retryAfterMs = Math.max(
        1,
        Math.ceil((waitFraction > 0 ? waitFraction : 1 - elapsed) * rule.windowMs),
      );
      return { allowed: false, remaining: 0, retryAfterMs };
    }
    window.count += 1;
    return { allowed: true, remaining: Math.max(0, Math.floor(rule.limit - estimate - 1)), retryAfterMs: 0 };
  }

  async refund(key: string, rule: RateLimitRule): Promise<void> {
    const window = this.windows.get(`${rule.windowMs}|${key}`);
    if (!window) return;
    // The hit may have moved to the previous window since it was recorded.
    if (window.count > 0) window.count -= 1;
    else if (window.previousCount > 0) window.previousCount -= 1;
  }

  async reset(key: string): Promise<void> {
    for (const stored of this.windows.keys()) if (stored.endsWith(`|${key}`)) this.windows.delete(stored);
  }

  private advance(key: string, rule: RateLimitRule, now: number): Window {
    const id = `${rule.windowMs}|${key}`;
    let window = this.windows.get(id);
    if (!window) {
      if (this.windows.size >= this.maxKeys) this.sweep(now, rule.windowMs);
      window = { startedAt: now, count: 0, previousCount: 0 };
      this.windows.set(id, window);
      return window;
    }
    const periods = Math.floor((now - window.startedAt) / rule.windowMs);
    if (periods >= 1) {
      window.previousCount = periods === 1 ? window.count : 0;
      window.count = 0;
      window.startedAt += periods * rule.windowMs;
    }
    return window;
  }

  private sweep(now: number, fallbackWindowMs: number): void {
    for (const [id, window] of this.windows) {
      const windowMs = Number(id.slice(0, id.indexOf('|'))) || fallbackWindowMs;
      if (now - window.startedAt >= 2 * windowMs) this.windows.delete(id);
    }
    if (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
  }
}
