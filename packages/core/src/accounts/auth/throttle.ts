import { DomainError } from '../../shared/domain-error.js';
import type { RateLimiter, RateLimitRule } from '../../ports/rate-limiter.port.js';

/**
 * Records one hit of `key` under each rule in turn and throws `rate_limited` at the first rule
 * exceeded (later rules do not count a refused attempt). With several rules each gets its own
 * key, `<key>/<windowMs>`, so limiters that key by name alone keep them apart.
 */
export async function throttle(
  limiter: RateLimiter,
  key: string,
  rules: readonly RateLimitRule[],
  message = 'Too many attempts; try again later',
): Promise<void> {
  for (const rule of rules) {
    const decision = await limiter.consume(rules.length === 1 ? key : `${key}/${rule.windowMs}`, rule);
    if (!decision.allowed) {
      const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new DomainError('rate_limited', message, { retryAfterSeconds, details: { retryAfterSeconds } });
    }
  }
}

/** `throttle` as a yes or no: whether the hit fits (a limiter that fails counts as no). */
export function withinLimits(
  limiter: RateLimiter,
  key: string,
  rules: readonly RateLimitRule[],
): Promise<boolean> {
  return throttle(limiter, key, rules).then(
    () => true,
    () => false,
  );
}
