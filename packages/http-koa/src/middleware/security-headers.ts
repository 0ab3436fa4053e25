import type { Middleware } from 'koa';

/** Headers every response carries: browsers must not guess a content type other than the declared one. */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  };
}
