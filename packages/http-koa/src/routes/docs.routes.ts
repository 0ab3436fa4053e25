import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Router from '@koa/router';

/** Files of the Swagger UI distribution the page uses, served by this server (no CDN). */
const assets: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
};

/** Starts Swagger UI on `/openapi.json`; a file of its own, so the page needs no inline script. */
const initialiser = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#api-reference',
    deepLinking: true,
    validatorUrl: null,
  });
});
`;

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Chat Buddy API reference</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  </head>
  <body>
    <div id="api-reference"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/initialise.js"></script>
  </body>
</html>
`;

/** Only this server's own files; the UI talks to this server only (for "Try it out"). */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `GET /docs`: a readable API reference built from `/openapi.json`, with its assets. */
export function mountDocs(router: Router): void {
  const directory = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Promise<Buffer>>();
  router.get('/docs', (ctx) => {
    ctx.set('Content-Security-Policy', contentSecurityPolicy);
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = page;
  });
  router.get('/docs/assets/:name', async (ctx) => {
    const name = ctx.params.name!;
    if (name === 'initialise.js') {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.body = initialiser;
    } else {
      const asset = Object.hasOwn(assets, name) ? assets[name]! : undefined;
      if (!asset) return;
      if (!cache.has(name)) cache.set(name, readFile(join(directory, asset.file)));
      ctx.type = asset.type;
      ctx.body = await cache.get(name)!;
    }
    ctx.set('Cache-Control', 'public, max-age=3600');
  });
}
