export interface RateLimitRule {
  /** Allowed hits per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Milliseconds until a hit would be allowed again (0 when allowed). */
  retryAfterMs: number;
}

/** Counts hits per key in a time window; shared between instances in server mode. */
export const RateLimiter = Symbol.for('chatbuddy.RateLimiter');
export interface RateLimiter {
  /** Records one hit for `key` and says whether it is within `rule`. */
  consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision>;
  /**
   * Takes back one hit that `consume` recorded for `key` under `rule` (an attempt that turned out
   * not to count, e.g. a login with the right password). Never goes below zero.
   */
  refund(key: string, rule: RateLimitRule): Promise<void>;
  /** Forgets the hits of `key` (e.g. after a successful login). */
  reset(key: string): Promise<void>;
}
