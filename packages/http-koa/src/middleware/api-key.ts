import { type ApiKeyAction, AuthenticateApiKey, DomainError } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Middleware } from 'koa';
import type { AppState } from '../routing/state.js';
import { limitApiKeyRequest } from './rate-limit.js';

/**
 * Requires a project key in `x-api-key` allowed to perform `action` from the request's origin
 * (core's key policy decides); counts the request against the per-IP and per-key limits and sets
 * `ctx.state.project`, `keyKind`, `keyPrefix` and the project's `curatedRevision` (read with the
 * key, for a chat turn). A refused origin also drops the CORS headers.
 */
export function apiKeyGuard(runtime: ChatBuddy, action: ApiKeyAction): Middleware<AppState> {
  return async (ctx, next) => {
    const presented = ctx.get('x-api-key').trim();
    if (!presented) throw new DomainError('invalid_api_key', 'Missing x-api-key header');
    const authenticate = runtime.get(AuthenticateApiKey);
    const { project, keyKind, keyPrefix, curatedRevision } = await authenticate.execute(presented, {
      action,
      origin: ctx.get('origin'),
    });
    await limitApiKeyRequest(runtime, ctx, keyPrefix);
    ctx.state.project = project;
    ctx.state.keyKind = keyKind;
    ctx.state.keyPrefix = keyPrefix;
    ctx.state.curatedRevision = curatedRevision;
    await next();
  };
}
