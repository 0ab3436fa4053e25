import type { Middleware } from 'koa';
import type { HttpMetrics } from '../metrics/http-metrics.js';
import type { AppState } from '../routing/state.js';

/**
 * Counts every request and its duration under the route pattern the router matched
 * (`/documents/:documentId`), or `unmatched`: raw paths would carry ids and grow without bound.
 */
export function requestMetrics(metrics: HttpMetrics): Middleware<AppState> {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const route = typeof matched === 'string' ? matched : 'unmatched';
      metrics.recordRequest(ctx.method, route, ctx.status, (performance.now() - started) / 1000);
    }
  };
}
