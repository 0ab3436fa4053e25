import { describe, expect, it } from 'vitest';
import type { RateLimiter, RateLimitRule } from '../../ports/rate-limiter.port.js';

export interface RateLimiterSubject {
  limiter: RateLimiter;
  /** Lets `milliseconds` pass for the limiter (moves a fake clock, or waits for a real store). */
  advance(milliseconds: number): Promise<void>;
}

let keys = 0;
/** A key no other test has used (a shared store gives each subject its own key prefix). */
const freshKey = (label: string) => `contract:${label}:${keys++}`;

/**
 * Behaviour every `RateLimiter` must have: counting up to a limit, a wait when refused, refused
 * hits not counted, refunds and resets, and atomic counting under concurrency. Windows are whole
 * seconds so stores with second-resolution expiry pass too.
 */
export function rateLimiterContract(
  name: string,
  makeSubject: () => RateLimiterSubject | Promise<RateLimiterSubject>,
): void {
  describe(`RateLimiter contract: ${name}`, () => {
    const rule: RateLimitRule = { limit: 3, windowMs: 1_000 };

    it('allows `limit` hits in a window, then refuses with a wait of at most two windows', async () => {
      const { limiter } = await makeSubject();
      const key = freshKey('limit');
      const decisions = [];
      for (let hit = 0; hit < 4; hit++) decisions.push(await limiter.consume(key, rule));
      expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
      expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0, 0]);
      expect(decisions.slice(0, 3).every((decision) => decision.retryAfterMs === 0)).toBe(true);
      expect(decisions[3]!.retryAfterMs).toBeGreaterThan(0);
      expect(decisions[3]!.retryAfterMs).toBeLessThanOrEqual(2 * rule.windowMs);
    });

    it('refuses for no longer than it says: once the wait has passed, a hit is allowed', async () => {
      const subject = await makeSubject();
      for (const limit of [1, 3]) {
        const key = freshKey(`wait-${limit}`);
        const strict: RateLimitRule = { limit, windowMs: 1_000 };
        let refused = await subject.limiter.consume(key, strict);
        while (refused.allowed) refused = await subject.limiter.consume(key, strict);
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(2 * strict.windowMs);
        await subject.advance(refused.retryAfterMs + 20);
        expect((await subject.limiter.consume(key, strict)).allowed).toBe(true);
      }
    });

    it('counts keys apart', async () => {
      const { limiter } = await makeSubject();
      const first = freshKey('first');
      const second = freshKey('second');
      for (let hit = 0; hit < 3; hit++) await limiter.consume(first, rule);
      expect((await limiter.consume(first, rule)).allowed).toBe(false);
      expect((await limiter.consume(second, rule)).allowed).toBe(true);
    });

    it('allows the full limit again once the windows have passed, refused hits not counted', async () => {
      const subject = await makeSubject();
      const key = freshKey('recovers');
      for (let hit = 0; hit < 10; hit++) await subject.limiter.consume(key, rule);
      await subject.advance(2 * rule.windowMs + 100);
      const decisions = [];
      for (let hit = 0; hit < 4; hit++) decisions.push((await subject.limiter.consume(key, rule)).allowed);
      expect(decisions).toEqual([true, true, true, false]);
    });

    it('takes back one hit on refund, and never below zero', async () => {
      const { limiter } = await makeSubject();
      const key = freshKey('refund');
      for (let hit = 0; hit < 3; hit++) await limiter.consume(key, rule);
      await limiter.refund(key, rule);
      expect((await limiter.consume(key, rule)).allowed).toBe(true);
      expect((await limiter.consume(key, rule)).allowed).toBe(false);

      const untouched = freshKey('refund-untouched');
      await limiter.refund(untouched, rule);
      await limiter.refund(untouched, rule);
      const decisions = [];
      for (let hit = 0; hit < 4; hit++) decisions.push((await limiter.consume(untouched, rule)).allowed);
      expect(decisions).toEqual([true, true, true, false]);
    });

    it('forgets a key on reset', async () => {
      const { limiter } = await makeSubject();
      const key = freshKey('reset');
      for (let hit = 0; hit < 3; hit++) await limiter.consume(key, rule);
      await limiter.reset(key);
      expect((await limiter.consume(key, rule)).remaining).toBe(2);
    });

    it('counts concurrent hits exactly', async () => {
      const { limiter } = await makeSubject();
      const key = freshKey('concurrent');
      const wide: RateLimitRule = { limit: 7, windowMs: 5_000 };
      const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.consume(key, wide)));
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(7);
    });
  });
}
