import type { Logger, RateLimitDecision, RateLimiter, RateLimitRule, ReadinessProbe } from '@chatbuddy/core';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClientType } from 'redis';

export interface RedisRateLimiterOptions {
  /** Counts hits while Redis cannot be reached, so a limit never turns into no limit. */
  fallback: RateLimiter;
  logger: Logger;
  /** Prefix of every Redis key; instances sharing limits must use the same one. */
  keyPrefix?: string;
  /** Longest wait for Redis before a hit is counted by the fallback instead. */
  commandTimeoutMs?: number;
}

/** Whether hits are counted in Redis (shared) or by the per-instance fallback. */
export type RateLimitStoreState = 'shared' | 'fallback';

/**
 * Fixed-window counters in Redis shared by every instance (`rate-limiter-flexible`'s atomic
 * increment-with-expiry script). The Redis key of a limiter key does not depend on the rule, so
 * `reset` works from any instance; a key is meant to be counted under one rule. A window of less
 * than a second counts as one second (Redis expiries are whole seconds). When Redis fails or is
 * slow, the hit goes to the per-instance fallback and the store reports itself degraded until
 * Redis answers again.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly limiters = new Map<string, RateLimiterRedis>();
  private readonly keyPrefix: string;
  private readonly commandTimeoutMs: number;
  private failingSince: number | null = null;

  constructor(
    private readonly client: RedisClientType<any, any, any, any, any>,
    private readonly options: RedisRateLimiterOptions,
  ) {
    this.keyPrefix = options.keyPrefix ?? 'chatbuddy:rl';
    this.commandTimeoutMs = options.commandTimeoutMs ?? 500;
  }

  /** Where hits are counted now. */
  get state(): RateLimitStoreState {
    return this.failingSince === null ? 'shared' : 'fallback';
  }

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const limiter = this.limiterFor(rule);
    try {
      const result = await this.withinTimeout(limiter.consume(key));
      this.recovered();
      return { allowed: true, remaining: result.remainingPoints, retryAfterMs: 0 };
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        this.recovered();
        // A refused hit is not counted, as with the in-memory limiters.
        await this.withinTimeout(limiter.reward(key, 1)).catch(() => undefined);
        return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, error.msBeforeNext) };
      }
      this.failed(error);
      return this.options.fallback.consume(key, rule);
    }
  }

  async refund(key: string, rule: RateLimitRule): Promise<void> {
    const limiter = this.limiterFor(rule);
    try {
      const current = await this.withinTimeout(limiter.get(key));
      if (current && current.consumedPoints > 0) await this.withinTimeout(limiter.reward(key, 1));
      this.recovered();
    } catch (error) {
      this.failed(error);
    }
    await this.options.fallback.refund(key, rule);
  }

  async reset(key: string): Promise<void> {
    try {
      await this.withinTimeout(this.client.del(`${this.keyPrefix}:${key}`));
      this.recovered();
    } catch (error) {
      this.failed(error);
    }
    await this.options.fallback.reset(key);
  }

  /** A readiness check that reports Redis without making the instance unready. */
  readinessProbe(): ReadinessProbe {
    return {
      name: 'rate-limit-store',
      essential: false,
      check: async () => {
        try {
          await this.withinTimeout(this.client.ping());
          this.recovered();
        } catch (error) {
          this.failed(error);
          throw new Error('Redis unreachable: rate limits are counted per instance');
        }
      },
    };
  }

  private limiterFor(rule: RateLimitRule): RateLimiterRedis {
    const duration = Math.max(1, Math.ceil(rule.windowMs / 1000));
    const id = `${rule.limit}/${duration}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        keyPrefix: this.keyPrefix,
        points: rule.limit,
        duration,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  private withinTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis gave no answer within ${this.commandTimeoutMs} ms`)),
        this.commandTimeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private failed(error: unknown): void {
    if (this.failingSince !== null) return;
    this.failingSince = Date.now();
    this.options.logger.warn('Rate-limit store unreachable; counting limits per instance', { error });
  }

  private recovered(): void {
    if (this.failingSince === null) return;
    const downForMs = Date.now() - this.failingSince;
    this.failingSince = null;
    this.options.logger.warn('Rate-limit store reachable again; limits are shared', { downForMs });
  }
}
