import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { AppState } from '../routing/state.js';

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** What is known about the request a piece of asynchronous work belongs to. */
export interface RequestContext {
  requestId: string;
}

/** The context of the request being served, for code far from `ctx` (last-resort error logging). */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Gives every request an id (a well-formed incoming `x-request-id` is kept) and echoes it. */
export function requestId(): Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const id = acceptable.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.set('x-request-id', id);
    await requestContext.run({ requestId: id }, next);
  };
}
