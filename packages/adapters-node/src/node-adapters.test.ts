import fc from 'fast-check';
import { clockContract, FixedClock, rateLimiterContract } from '@chatbuddy/core/testing';
import { describe, expect, it } from 'vitest';
import { CryptoIdGenerator } from './crypto-id-generator.js';
import { CryptoSecureRandom } from './crypto-secure-random.js';
import { HmacSecretHasher } from './hmac-secret-hasher.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { SystemClock } from './system-clock.js';

clockContract('SystemClock', () => new SystemClock());
rateLimiterContract('MemoryRateLimiter', () => {
  const clock = new FixedClock();
  return {
    limiter: new MemoryRateLimiter(clock),
    advance: async (milliseconds) => clock.advance(milliseconds),
  };
});

describe('CryptoIdGenerator', () => {
  it('makes distinct v4 UUIDs', () => {
    const ids = new CryptoIdGenerator();
    const made = new Set(Array.from({ length: 1000 }, () => ids.newId()));
    expect(made.size).toBe(1000);
    for (const id of made)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('CryptoSecureRandom', () => {
  const random = new CryptoSecureRandom();
  it('makes base64url tokens of the requested entropy', () => {
    const token = random.token(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(random.token(32)).not.toBe(token);
  });

  it('makes digit codes of the requested length covering every digit', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 200; index++) {
      const code = random.digits(6);
      expect(code).toMatch(/^\d{6}$/);
      for (const digit of code) seen.add(digit);
    }
    expect(seen.size).toBe(10);
  });
});

describe('HmacSecretHasher', () => {
  it('hashes deterministically under its key and matches in constant time', () => {
    const hasher = new HmacSecretHasher('a-server-side-key-of-some-length');
    const other = new HmacSecretHasher('another-server-side-key-of-length');
    const hash = hasher.hash('cb_sk_secret');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hasher.hash('cb_sk_secret')).toBe(hash);
    expect(other.hash('cb_sk_secret')).not.toBe(hash);
    expect(hasher.matches('cb_sk_secret', hash)).toBe(true);
    expect(hasher.matches('cb_sk_secreT', hash)).toBe(false);
    expect(hasher.matches('cb_sk_secret', 'not-hex')).toBe(false);
  });

  it('refuses a short key', () => {
    expect(() => new HmacSecretHasher('short')).toThrow(/16 characters/);
  });
});

describe('MemoryRateLimiter', () => {
  it('allows up to the limit per window, then refuses with a retry time, and recovers', async () => {
    const clock = new FixedClock();
    const limiter = new MemoryRateLimiter(clock);
    const rule = { limit: 3, windowMs: 60_000 };
    for (let index = 0; index < 3; index++) expect((await limiter.consume('ip:1', rule)).allowed).toBe(true);
    const refused = await limiter.consume('ip:1', rule);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect((await limiter.consume('ip:2', rule)).allowed).toBe(true);
    clock.advance(120_001);
    expect((await limiter.consume('ip:1', rule)).allowed).toBe(true);
  });

  it('says exactly how long a refusal lasts, with any history and limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 1_500 }), { maxLength: 30 }),
        async (limit, gaps) => {
          const clock = new FixedClock();
          const limiter = new MemoryRateLimiter(clock);
          const rule = { limit, windowMs: 1_000 };
          for (const gap of gaps) {
            clock.advance(gap);
            await limiter.consume('k', rule);
          }
          let refused = await limiter.consume('k', rule);
          while (refused.allowed) refused = await limiter.consume('k', rule);
          expect(refused.retryAfterMs).toBeLessThanOrEqual(2 * rule.windowMs);
          if (refused.retryAfterMs > 1) {
            clock.advance(refused.retryAfterMs - 1);
            expect((await limiter.consume('k', rule)).allowed).toBe(false);
            clock.advance(1);
          } else clock.advance(refused.retryAfterMs);
          expect((await limiter.consume('k', rule)).allowed).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a second hit of a limit of 1 for two windows, and says so', async () => {
    const clock = new FixedClock();
    const limiter = new MemoryRateLimiter(clock);
    const rule = { limit: 1, windowMs: 60_000 };
    expect((await limiter.consume('otp', rule)).allowed).toBe(true);
    expect((await limiter.consume('otp', rule)).retryAfterMs).toBe(120_000);
    clock.advance(90_000);
    expect((await limiter.consume('otp', rule)).retryAfterMs).toBe(30_000);
  });

  it('never allows more than the limit within any one window', async () => {
    const clock = new FixedClock();
    const limiter = new MemoryRateLimiter(clock);
    const rule = { limit: 5, windowMs: 1000 };
    const allowedAt: number[] = [];
    for (let step = 0; step < 400; step++) {
      clock.advance(37);
      if ((await limiter.consume('k', rule)).allowed) allowedAt.push(clock.now().getTime());
    }
    for (const start of allowedAt) {
      expect(allowedAt.filter((at) => at >= start && at < start + rule.windowMs).length).toBeLessThanOrEqual(
        rule.limit,
      );
    }
    expect(allowedAt.length).toBeGreaterThan(40);
  });

  it('reset forgets a key', async () => {
    const limiter = new MemoryRateLimiter(new FixedClock());
    const rule = { limit: 1, windowMs: 60_000 };
    await limiter.consume('login:jane', rule);
    expect((await limiter.consume('login:jane', rule)).allowed).toBe(false);
    await limiter.reset('login:jane');
    expect((await limiter.consume('login:jane', rule)).allowed).toBe(true);
  });

  it('refund takes back one recorded hit, also after the window rolled over, never below zero', async () => {
    const clock = new FixedClock();
    const limiter = new MemoryRateLimiter(clock);
    const rule = { limit: 2, windowMs: 60_000 };
    await limiter.consume('k', rule);
    await limiter.consume('k', rule);
    expect((await limiter.consume('k', rule)).allowed).toBe(false);
    await limiter.refund('k', rule);
    expect((await limiter.consume('k', rule)).allowed).toBe(true);
    clock.advance(60_000);
    await limiter.refund('k', rule);
    await limiter.refund('k', rule);
    await limiter.refund('k', rule);
    await limiter.refund('never-seen', rule);
    expect((await limiter.consume('k', rule)).allowed).toBe(true);
    expect((await limiter.consume('k', rule)).allowed).toBe(true);
    expect((await limiter.consume('k', rule)).allowed).toBe(false);
  });
});
