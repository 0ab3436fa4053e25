import type { Middleware } from 'koa';
import type { AppState } from '../routing/state.js';

const dashboardPath = /^\/(auth|me|projects)(\/|$)/;
const allowHeaders = 'authorization, content-type, idempotency-key, x-api-key, x-request-id, accept';
const exposeHeaders = 'x-request-id, retry-after';

/**
 * CORS. Dashboard routes answer only the configured frontend origin. Runtime routes (project
 * keys) reflect the caller's origin — never `null` — unless the project refused it; the per-project
 * origin list itself is enforced by the API-key guard.
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
      if (ctx.state.originRefused && !ctx.headerSent) {
        ctx.remove('Access-Control-Allow-Origin');
        ctx.remove('Access-Control-Expose-Headers');
      } else if (allowed && !ctx.headerSent) allow();
    }
  };
}
