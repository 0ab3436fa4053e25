import { ProjectRepository } from '@chatbuddy/core';
import { type ChatBuddy, readDemoProject } from '@chatbuddy/runtime';
import type Router from '@koa/router';
import { homePageStyleHash, renderHomePage } from './home-page.view.js';

function contentSecurityPolicy(apiOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${homePageStyleHash}`,
    "img-src 'self' data:",
    `connect-src 'self' ${apiOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The origin of `url`, or null unless it is a plain http(s) origin (safe inside a CSP header). */
function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { origin } = new URL(url);
    return /^https?:\/\/([\w.-]+|\[[\da-f:.]+\])(:\d+)?$/i.test(origin) ? origin : null;
  } catch {
    return null;
  }
}

/**
 * `GET /` outside production: what is running, and the widget live on the demo project that
 * `chatbuddy demo` recorded in `DATA_DIR/demo.json` (while that project still exists).
 * In production nothing is mounted, so `/` stays a 404.
 */
export function mountHomePage(router: Router, runtime: ChatBuddy): void {
  if (runtime.config.nodeEnv === 'production') return;
  router.get('/', async (ctx) => {
    const apiUrl =
      originOf(runtime.config.appBaseUrl) ??
      originOf(`${ctx.protocol}://${ctx.host}`) ??
      `http://localhost:${runtime.config.port}`;
    const record = await readDemoProject(runtime.config.dataDir);
    const project = record
      ? await runtime.get<ProjectRepository>(ProjectRepository).findById(record.projectId)
      : null;
    ctx.set('Content-Security-Policy', contentSecurityPolicy(apiUrl));
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderHomePage({ apiUrl, demo: project && record ? record : null });
  });
}
