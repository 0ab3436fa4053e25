import { createRequire } from 'node:module';
import { DomainError } from '@chatbuddy/core';
import type Router from '@koa/router';
import { builtFileLoader, etagOf, sendCacheable } from './built-file.js';

/** Where a built dashboard file lives: an export of `@chatbuddy/dashboard` (a file, never imported). */
export function dashboardFilePath(name: 'app.js' | 'app.css'): string | null {
  try {
    return createRequire(import.meta.url).resolve(`@chatbuddy/dashboard/${name}`);
  } catch {
    return null;
  }
}

/**
 * What the dashboard's pages may load: only this server. Scripts never inline; the playground
 * frame (srcdoc, same origin) runs the real widget from `/widget.js`.
 */
export const dashboardPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const shell = Buffer.from(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Chat Buddy dashboard</title>
<link rel="stylesheet" href="/app/app.css">
<script src="/app/app.js" defer></script>
</head>
<body>
<div id="app"><noscript>The Chat Buddy dashboard needs JavaScript.</noscript></div>
</body>
</html>
`);
const shellFile = { body: shell, etag: etagOf(shell) };

const notBuilt = () =>
  new DomainError(
    'dependency_unavailable',
    'The dashboard has not been built: run `pnpm run build` on the server',
  );

/**
 * `GET /app` and every `/app/…` path: the dashboard, a single-page app on the public API. Its
 * script and stylesheet are cached like `/widget.js` (strong ETag, five minutes); any other path
 * under `/app` is a client-side route and gets the page itself. 503 while it has not been built.
 */
export function mountDashboardApp(
  router: Router,
  locate: (name: 'app.js' | 'app.css') => string | null = dashboardFilePath,
): void {
  const script = builtFileLoader(() => locate('app.js'));
  const styles = builtFileLoader(() => locate('app.css'));
  router.get('/app/app.js', async (ctx) => {
    const file = await script();
    if (!file) throw notBuilt();
    sendCacheable(ctx, file, 'text/javascript; charset=utf-8');
  });
  router.get('/app/app.css', async (ctx) => {
    const file = await styles();
    if (!file) throw notBuilt();
    sendCacheable(ctx, file, 'text/css; charset=utf-8');
  });
  router.get('/app{/*rest}', async (ctx) => {
    if (!(await script())) throw notBuilt();
    ctx.set('Content-Security-Policy', dashboardPolicy);
    ctx.set('X-Frame-Options', 'DENY');
    sendCacheable(ctx, shellFile, 'text/html; charset=utf-8');
  });
}
