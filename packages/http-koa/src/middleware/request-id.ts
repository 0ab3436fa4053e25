import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { AppState } from '../routing/state.js';

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives every request an id (a well-formed incoming `x-request-id` is kept) and echoes it. */
export function requestId(): Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const id = acceptable.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.set('x-request-id', id);
    await next();
  };
}
