import { FixedClock, InMemoryRateLimiter, RecordingLogger } from '@chatbuddy/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { openRedisConnection } from './redis-connection.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import { PrivateRedis } from './testing/private-redis.js';

const redis = new PrivateRedis(6381);

afterAll(() => redis.stop());

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Needs the redis-server binary, as the other Redis tests need REDIS_URL.
describe.skipIf(!process.env.REDIS_URL)('RedisRateLimiter while Redis stops and starts', () => {
  it('falls back to a per-instance limit (never none) and shares again once Redis is back', async () => {
    await redis.start();
    const connection = openRedisConnection(redis.url, () => undefined);
    const logger = new RecordingLogger();
    const limiter = new RedisRateLimiter(connection.client, {
      fallback: new InMemoryRateLimiter(new FixedClock()),
      logger,
    });
    const probe = limiter.readinessProbe();
    const rule = { limit: 3, windowMs: 60_000 };
    try {
      await waitFor(() => connection.client.isReady, 'the first connection');
      expect((await limiter.consume('visitor', rule)).remaining).toBe(2);
      await probe.check();

      await redis.stop();
      const during = [];
      for (let hit = 0; hit < 4; hit++) during.push((await limiter.consume('visitor', rule)).allowed);
      expect(during).toEqual([true, true, true, false]);
      expect(limiter.state).toBe('fallback');
      expect(probe.essential).toBe(false);
      await expect(probe.check()).rejects.toThrow(/per instance/);
      expect(logger.matching('unreachable')).toHaveLength(1);

      await redis.start();
      await waitFor(() => connection.client.isReady, 'the reconnection');
      // The fresh Redis holds no counts: the shared limit starts over.
      expect((await limiter.consume('visitor', rule)).remaining).toBe(2);
      expect(limiter.state).toBe('shared');
      await probe.check();
      expect(logger.matching('reachable again')).toHaveLength(1);
    } finally {
      await connection.close();
    }
  });
});
