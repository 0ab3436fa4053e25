import { MemoryRateLimiter } from '@chatbuddy/adapters-node';
import type { Clock, RateLimiter, ReadinessProbe } from '@chatbuddy/core';
import type { ChatBuddyConfig } from './config.js';
import { type Logger, PinoLogger } from './logger.js';

export interface SelectedRateLimiter {
  limiter: RateLimiter;
  /** Reports the shared store in `/ready` (degraded, never unready); none in memory. */
  probe: ReadinessProbe | null;
  close: (() => Promise<void>) | null;
}

/**
 * Limits shared through Redis when `REDIS_URL` is set (with a per-instance fallback while Redis
 * is down), otherwise counted in this process. The instance never waits for Redis to start.
 * The Redis client (about 2 MB of modules, a quarter of a second of a start) is imported only when
 * `REDIS_URL` is set.
 */
export async function selectRateLimiter(
  config: ChatBuddyConfig,
  clock: Clock,
  logger: Logger,
): Promise<SelectedRateLimiter> {
  const memory = new MemoryRateLimiter(clock);
  if (!config.redisUrl) return { limiter: memory, probe: null, close: null };
  const { openRedisConnection, RedisRateLimiter } = await import('@chatbuddy/adapters-redis');
  const connection = openRedisConnection(config.redisUrl, (error) =>
    logger.warn({ err: error }, 'Redis connection failed; retrying in the background'),
  );
  const limiter = new RedisRateLimiter(connection.client, {
    fallback: memory,
    logger: new PinoLogger(logger),
  });
  return { limiter, probe: limiter.readinessProbe(), close: () => connection.close() };
}
