import { AuthenticateApiKey, DomainError } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Context, Middleware } from 'koa';
import { limitClient } from './rate-limit.js';

/**
 * Requires a project key in `x-api-key`; sets `ctx.state.project` and `ctx.state.keyKind`.
 * `secretOnly` refuses publishable keys (uploads, management) with 403. When the project lists
 * allowed origins, a browser request from another origin is refused, and a publishable key must
 * come from a listed origin.
 */
export function apiKeyGuard(runtime: ChatBuddy, options: { secretOnly: boolean }): Middleware {
  return async (ctx, next) => {
    const presented = ctx.get('x-api-key').trim();
    if (!presented) throw new DomainError('invalid_api_key', 'Missing x-api-key header');
    const { project, keyKind, keyPrefix } = await runtime.get(AuthenticateApiKey).execute(presented);
    checkOrigin(ctx, project.allowedOrigins, keyKind);
    const perMinute = runtime.config.rateLimitPerMinute;
    if (perMinute > 0)
      await limitClient(runtime, ctx, `key:${keyPrefix}`, { limit: perMinute, windowMs: 60_000 });
    if (options.secretOnly && keyKind !== 'secret') {
      throw new DomainError('forbidden', 'A publishable key can only be used to chat; use the secret key');
    }
    ctx.state.project = project;
    ctx.state.keyKind = keyKind;
    ctx.state.keyPrefix = keyPrefix;
    await next();
  };
}

function checkOrigin(ctx: Context, allowedOrigins: readonly string[], keyKind: string): void {
  if (allowedOrigins.length === 0) return;
  const origin = ctx.get('origin');
  if (origin ? !allowedOrigins.includes(origin) : keyKind === 'publishable') {
    ctx.state.originRefused = true;
    throw new DomainError('origin_not_allowed', 'This origin may not use the project key');
  }
}
