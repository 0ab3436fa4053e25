import { DomainError, RateLimiter, type RateLimitRule } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Context } from 'koa';

/**
 * Counts one request of the calling client (by `ctx.ip`, which honours `TRUST_PROXY`) against
 * `rule` under `name`; over the limit it throws `rate_limited` with the seconds to wait (the
 * error middleware turns that into 429 and `Retry-After`).
 */
export async function limitClient(
  runtime: ChatBuddy,
  ctx: Context,
  name: string,
  rule: RateLimitRule,
): Promise<void> {
  const decision = await runtime.get<RateLimiter>(RateLimiter).consume(`http:${name}:${ctx.ip}`, rule);
  if (!decision.allowed) {
    const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    throw new DomainError('rate_limited', 'Too many requests; try again later', {
      retryAfterSeconds,
      details: { retryAfterSeconds },
    });
  }
}
