import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountedRoutes } from '../testing/mounted-routes.js';
import { dashboardFilePath, mountDashboardApp } from './dashboard-app.js';

let directory: string;
const routes = mountedRoutes();

function serve(locate: (name: 'app.js' | 'app.css') => string | null): Promise<string> {
  return routes.serve((router) => mountDashboardApp(router, locate));
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'chatbuddy-dashboard-app-'));
  await writeFile(join(directory, 'app.js'), 'console.log("dashboard");');
  await writeFile(join(directory, 'app.css'), 'body{margin:0}');
});
afterAll(async () => {
  routes.close();
  await rm(directory, { recursive: true, force: true });
});

const built = (name: string) => join(directory, name);

describe('GET /app', () => {
  it('serves the page at /app and at every client-side route, under a strict content security policy', async () => {
    const url = await serve(built);
    for (const path of ['/app', '/app/', '/app/login', '/app/projects/0b0c/documents']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const page = await response.text();
      expect(page).toContain('<script src="/app/app.js" defer></script>');
      expect(page).toContain('<link rel="stylesheet" href="/app/app.css">');
      const policy = response.headers.get('content-security-policy')!;
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
    expect((await fetch(`${url}/application`)).status).toBe(404);
  });

  it('caches the page, script and stylesheet like /widget.js: strong ETag, five minutes, 304 on a match', async () => {
    const url = await serve(built);
    for (const [path, type] of [
      ['/app', 'text/html; charset=utf-8'],
      ['/app/app.js', 'text/javascript; charset=utf-8'],
      ['/app/app.css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await fetch(`${url}${path}`);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const etag = response.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]{16,}"$/);
      const again = await fetch(`${url}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
    expect(await (await fetch(`${url}/app/app.js`)).text()).toBe('console.log("dashboard");');
  });

  it('serves a rebuilt script with a new ETag', async () => {
    const url = await serve(built);
    const first = (await fetch(`${url}/app/app.js`)).headers.get('etag');
    await writeFile(built('app.js'), 'console.log("rebuilt");');
    const later = new Date(Date.now() + 5_000);
    await utimes(built('app.js'), later, later);
    const second = await fetch(`${url}/app/app.js`);
    expect(await second.text()).toContain('rebuilt');
    expect(second.headers.get('etag')).not.toBe(first);
  });

  it('answers 503 with a build hint while the dashboard is not built', async () => {
    const url = await serve(() => null);
    for (const path of ['/app', '/app/projects', '/app/app.js', '/app/app.css']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.error.code).toBe('dependency_unavailable');
      expect(body.error.message).toMatch(/pnpm run build/);
    }
  });

  it('finds the built files through the dashboard package exports, or nothing while not built', () => {
    for (const name of ['app.js', 'app.css'] as const) {
      const found = dashboardFilePath(name);
      expect(found === null || found.endsWith(join('dashboard', 'dist', name))).toBe(true);
    }
  });
});
