import { describe, expect, it } from 'vitest';
import { abortableSleep, backoffDelayMs, retryAfterMs, retryPolicy } from './retry-policy.js';

describe('retry policy', () => {
  it('fills defaults and keeps numbers sane', () => {
    expect(retryPolicy()).toEqual({
      maxAttempts: 3,
      baseDelayMs: 500,
      maxDelayMs: 8_000,
      maxRetryAfterMs: 20_000,
    });
    expect(retryPolicy({ maxAttempts: 0, baseDelayMs: -5 })).toMatchObject({
      maxAttempts: 1,
      baseDelayMs: 0,
    });
    expect(retryPolicy({ maxAttempts: undefined }).maxAttempts).toBe(3);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000 });
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(policy, retry, () => 1))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(200);
  });

  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms first', () => {
    const now = Date.parse('2026-11-25T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), now)).toBe(7_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 00:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': '7', 'retry-after-ms': '1500' }), now)).toBe(1_500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it('sleeps until aborted', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    await expect(abortableSleep(1)).resolves.toBeUndefined();
  });
});
