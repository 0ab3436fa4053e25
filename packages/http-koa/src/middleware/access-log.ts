import type { Middleware } from 'koa';
import type { AppState } from '../routing/state.js';
import type { Logger } from '@chatbuddy/runtime';

/** One structured log line per request (never bodies, never keys or tokens). */
export function accessLog(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const line = {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        durationMs,
      };
      // A shed request (503 with Retry-After) is load, not a fault: logged as any answered request.
      if (ctx.status >= 500 && !(ctx.status === 503 && ctx.response.get('retry-after')))
        logger.error(line, 'request');
      else logger.info(line, 'request');
    }
  };
}
