import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { DomainError } from '@chatbuddy/core';
import type Router from '@koa/router';

interface Bundle {
  body: Buffer;
  etag: string;
  modified: number;
}

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
  let cached: Bundle | null = null;
  const load = async (): Promise<Bundle | null> => {
    const path = locate();
    if (!path) return null;
    const stats = await stat(path).catch(() => null);
    if (!stats) return null;
    if (cached?.modified === stats.mtimeMs) return cached;
    const body = await readFile(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    cached = { body, etag, modified: stats.mtimeMs };
    return cached;
  };
  router.get('/widget.js', async (ctx) => {
    ctx.set('Access-Control-Allow-Origin', '*');
    const bundle = await load();
    if (!bundle)
      throw new DomainError(
        'dependency_unavailable',
        'The widget has not been built: run `pnpm run build` on the server',
      );
    ctx.set('ETag', bundle.etag);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.type = 'text/javascript; charset=utf-8';
    const presented = ctx
      .get('if-none-match')
      .split(',')
      .map((tag) => tag.trim());
    if (presented.includes(bundle.etag) || presented.includes('*')) {
      ctx.status = 304;
      return;
    }
    ctx.body = bundle.body;
  });
}
