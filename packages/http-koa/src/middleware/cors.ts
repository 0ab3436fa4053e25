import type { Middleware } from 'koa';
import type { AppState } from '../routing/state.js';

const dashboardPath = /^\/(auth|me|projects)(\/|$)/;
const allowHeaders = 'authorization, content-type, idempotency-key, x-api-key, x-request-id, accept';
const exposeHeaders = 'x-request-id, retry-after';

/**
 * CORS. Dashboard routes answer only the configured frontend origin. Runtime routes (project
 * keys) reflect the caller's origin — never `null`; the per-project origin list itself is enforced
 * by the API-key guard, whose `403 origin_not_allowed` is readable by the refused page too, so the
 * widget can say the site is not allowed instead of reporting a network failure (CORS is not what
 * protects the data: a client that is not a browser ignores it).
 */
export function cors(options: { frontendOrigin?: string }): Middleware<AppState> {
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    const isDashboard = dashboardPath.test(ctx.path);
    const allowed =
      origin !== '' && origin !== 'null' && (isDashboard ? origin === options.frontendOrigin : true);
    ctx.vary('Origin');
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      if (allowed) {
        ctx.set('Access-Control-Allow-Origin', origin);
        ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        ctx.set('Access-Control-Allow-Headers', allowHeaders);
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    const allow = () => {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Expose-Headers', exposeHeaders);
    };
    // Set before the route runs: a streamed response (Server-Sent Events) sends its headers early.
    if (allowed) allow();
    try {
      await next();
    } finally {
      if (allowed && !ctx.headerSent) allow();
    }
  };
}
