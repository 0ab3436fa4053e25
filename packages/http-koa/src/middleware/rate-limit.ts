import { DomainError, RateLimiter, type RateLimitRule } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Context } from 'koa';

const perMinute = (limit: number): RateLimitRule => ({ limit, windowMs: 60_000 });

/**
 * Counts one request under `key` against `rule` (shared between instances when Redis is
 * configured); over the limit it throws `rate_limited` with the seconds to wait (the error
 * middleware turns that into 429 and `Retry-After`).
 */
export async function limitRequest(runtime: ChatBuddy, key: string, rule: RateLimitRule): Promise<void> {
  const decision = await runtime.get<RateLimiter>(RateLimiter).consume(`http:${key}`, rule);
  if (!decision.allowed) {
    const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    throw new DomainError('rate_limited', 'Too many requests; try again later', {
      retryAfterSeconds,
      details: { retryAfterSeconds },
    });
  }
}

/** Counts one request of the calling client (by `ctx.ip`, which honours `TRUST_PROXY`) under `name`. */
export function limitClient(
  runtime: ChatBuddy,
  ctx: Context,
  name: string,
  rule: RateLimitRule,
): Promise<void> {
  return limitRequest(runtime, `${name}:${ctx.ip}`, rule);
}

/**
 * The runtime API's limits for a request made with the key `keyPrefix`: per client IP over all
 * keys, per key over all clients, and per client with this key. A limit of 0 is off.
 */
export async function limitApiKeyRequest(runtime: ChatBuddy, ctx: Context, keyPrefix: string): Promise<void> {
  const { rateLimitPerIpPerMinute, rateLimitPerKeyPerMinute, rateLimitPerMinute } = runtime.config;
  if (rateLimitPerIpPerMinute > 0) await limitClient(runtime, ctx, 'ip', perMinute(rateLimitPerIpPerMinute));
  if (rateLimitPerKeyPerMinute > 0)
    await limitRequest(runtime, `key-total:${keyPrefix}`, perMinute(rateLimitPerKeyPerMinute));
  if (rateLimitPerMinute > 0)
    await limitClient(runtime, ctx, `key:${keyPrefix}`, perMinute(rateLimitPerMinute));
}

/** Counts one message of a visitor's session (assistant session or conversation) of a project. */
export async function limitVisitorSession(
  runtime: ChatBuddy,
  projectId: string,
  sessionId: string,
): Promise<void> {
  const limit = runtime.config.rateLimitPerSessionPerMinute;
  if (limit > 0) await limitRequest(runtime, `session:${projectId}:${sessionId}`, perMinute(limit));
}
