import { AuthenticateAccessToken, DomainError } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Middleware } from 'koa';
import type { AppState } from '../routing/state.js';

/** Requires `Authorization: Bearer <access token>`; sets `ctx.state.user`. */
export function bearerGuard(runtime: ChatBuddy): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      ctx.set('WWW-Authenticate', 'Bearer');
      throw new DomainError('unauthenticated', 'Missing bearer token');
    }
    const authenticated = await runtime.get(AuthenticateAccessToken).execute(match[1]!);
    ctx.state.user = authenticated.user;
    await next();
  };
}
