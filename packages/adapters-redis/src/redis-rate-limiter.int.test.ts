import { randomUUID } from 'node:crypto';
import { FixedClock, rateLimiterContract, RecordingLogger } from '@chatbuddy/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { openRedisConnection, type RedisConnection } from './redis-connection.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import { InMemoryRateLimiter } from '@chatbuddy/core/testing';

const url = process.env.REDIS_URL;
const connections: RedisConnection[] = [];

function connect(): RedisConnection {
  const connection = openRedisConnection(url!, () => undefined);
  connections.push(connection);
  return connection;
}

async function ready(connection: RedisConnection): Promise<void> {
  for (let attempt = 0; attempt < 100 && !connection.client.isReady; attempt++)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

afterAll(async () => {
  for (const connection of connections) await connection.close();
});

describe.skipIf(!url)('RedisRateLimiter on a real Redis', () => {
  rateLimiterContract('RedisRateLimiter', async () => {
    const connection = connect();
    await ready(connection);
    const limiter = new RedisRateLimiter(connection.client, {
      fallback: new InMemoryRateLimiter(new FixedClock()),
      logger: new RecordingLogger(),
      keyPrefix: `test:${randomUUID()}`,
    });
    return {
      limiter,
      advance: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
    };
  });

  it('shares counts between two connections (two instances), resets included', async () => {
    const keyPrefix = `test:${randomUUID()}`;
    const [first, second] = [connect(), connect()];
    await Promise.all([ready(first), ready(second)]);
    const make = (connection: RedisConnection) =>
      new RedisRateLimiter(connection.client, {
        fallback: new InMemoryRateLimiter(new FixedClock()),
        logger: new RecordingLogger(),
        keyPrefix,
      });
    const [a, b] = [make(first), make(second)];
    const rule = { limit: 4, windowMs: 10_000 };
    const allowed = [];
    for (let hit = 0; hit < 6; hit++) allowed.push((await (hit % 2 ? b : a).consume('shared', rule)).allowed);
    expect(allowed).toEqual([true, true, true, true, false, false]);
    await a.reset('shared');
    expect((await b.consume('shared', rule)).remaining).toBe(3);
    expect(a.state).toBe('shared');
  });
});
