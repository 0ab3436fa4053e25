import { createRequire } from 'node:module';
import { DomainError } from '@chatbuddy/core';
import type Router from '@koa/router';
import { builtFileLoader, sendCacheable } from './built-file.js';

/** Where the built widget lives: the `@chatbuddy/widget/widget.js` export (a file, never imported). */
export function widgetBundlePath(): string | null {
  try {
    return createRequire(import.meta.url).resolve('@chatbuddy/widget/widget.js');
  } catch {
    return null;
  }
}

/**
 * `GET /widget.js`: the browser widget, built by `pnpm run build`. Cacheable (strong ETag, five
 * minutes), loadable from any site; 503 with a hint while it has not been built.
 */
export function mountWidgetScript(router: Router, locate: () => string | null = widgetBundlePath): void {
  const load = builtFileLoader(locate);
  router.get('/widget.js', async (ctx) => {
    ctx.set('Access-Control-Allow-Origin', '*');
    const bundle = await load();
    if (!bundle)
      throw new DomainError(
        'dependency_unavailable',
        'The widget has not been built: run `pnpm run build` on the server',
      );
    sendCacheable(ctx, bundle, 'text/javascript; charset=utf-8');
  });
}
