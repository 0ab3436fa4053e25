import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../testing/fixed-clock.js';
import { InMemoryRateLimiter } from '../../testing/in-memory-rate-limiter.js';
import { backoffRules, clearScope, recordAttempt } from './backoff.js';

describe('backoffRules', () => {
  it('grows the window by doubling from the base to the ceiling, one more failure per step', () => {
    expect(backoffRules({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 5000 })).toEqual([
      { limit: 3, windowMs: 1000 },
      { limit: 4, windowMs: 2000 },
      { limit: 5, windowMs: 4000 },
      { limit: 6, windowMs: 5000 },
    ]);
  });
});

describe('recordAttempt', () => {
  it('records nothing in an exceeded scope, refunds admitted hits, and clears a scope', async () => {
    const clock = new FixedClock();
    const limiter = new InMemoryRateLimiter(clock);
    const scope = { key: 'k', rules: backoffRules({ freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 4000 }) };
    const first = await recordAttempt(limiter, [scope]);
    expect([first.retryAfterMs(scope), first.hadHits(scope)]).toEqual([0, false]);
    const second = await recordAttempt(limiter, [scope]);
    expect(second.hadHits(scope)).toBe(true);
    const refused = await recordAttempt(limiter, [scope]);
    expect(refused.retryAfterMs(scope)).toBe(1000);
    await refused.refund([scope]);
    await second.refund([scope]);
    expect((await recordAttempt(limiter, [scope])).retryAfterMs(scope)).toBe(0);
    await clearScope(limiter, scope);
    expect((await recordAttempt(limiter, [scope])).hadHits(scope)).toBe(false);
  });
});
