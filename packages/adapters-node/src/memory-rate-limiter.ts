import type { Clock, RateLimitDecision, RateLimiter, RateLimitRule } from '@chatbuddy/core';

interface Window {
  startedAt: number;
  count: number;
  previousCount: number;
}

/**
 * Sliding-window counter per key in this process (the embedded default): the previous window's
 * hits weigh by how much of it still overlaps the last `windowMs`. Memory stays bounded:
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
    // The tolerance absorbs rounding of the weight, so that a hit fits at the time `wait` names.
    if (estimate + 1 > rule.limit + 1e-9)
      return { allowed: false, remaining: 0, retryAfterMs: this.wait(window, rule, now - window.startedAt) };
    window.count += 1;
    return { allowed: true, remaining: Math.max(0, Math.floor(rule.limit - estimate - 1)), retryAfterMs: 0 };
  }

  /**
   * Time until a hit fits: `previousCount · (1 − e) + count + 1 ≤ limit` at the fraction `e` of
   * the window, in this window while it has room, else in the next, where this window's hits
   * weigh as the previous ones (with a limit of 1, one hit refuses for up to two windows).
   */
  private wait(window: Window, rule: RateLimitRule, elapsedMs: number): number {
    if (rule.limit < 1) return rule.windowMs;
    const room = rule.limit - window.count - 1;
    // In whole milliseconds: the fractions' products with the window are exact where they can be.
    const fitsAtMs =
      room >= 0
        ? ((window.previousCount - room) * rule.windowMs) / window.previousCount
        : rule.windowMs + (Math.max(0, window.count - rule.limit + 1) * rule.windowMs) / window.count;
    return Math.max(1, Math.ceil(fitsAtMs - elapsedMs));
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
