import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountedRoutes } from '../testing/mounted-routes.js';
import { mountWidgetScript, widgetBundlePath } from './widget-script.js';

let directory: string;
let bundle: string;
const routes = mountedRoutes();

function serve(locate: () => string | null): Promise<string> {
  return routes.serve((router) => mountWidgetScript(router, locate));
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'chatbuddy-widget-script-'));
  bundle = join(directory, 'widget.js');
  await writeFile(bundle, '(()=>{console.log("widget")})();');
});
afterAll(async () => {
  routes.close();
  await rm(directory, { recursive: true, force: true });
});

describe('GET /widget.js', () => {
  it('serves the built bundle as cacheable JavaScript any site may load, with a strong ETag', async () => {
    const url = await serve(() => bundle);
    const response = await fetch(`${url}/widget.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('(()=>{console.log("widget")})();');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{16,}"$/);
    const again = await fetch(`${url}/widget.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const stale = await fetch(`${url}/widget.js`, { headers: { 'if-none-match': '"other"' } });
    expect(stale.status).toBe(200);
    // A proxy that compresses the script may weaken its tag; the comparison is weak.
    const weak = await fetch(`${url}/widget.js`, { headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(weak.status).toBe(304);
  });

  it('changes the ETag when the bundle is rebuilt', async () => {
    const url = await serve(() => bundle);
    const first = (await fetch(`${url}/widget.js`)).headers.get('etag');
    await writeFile(bundle, '(()=>{console.log("rebuilt")})();');
    const later = new Date(Date.now() + 5_000);
    await utimes(bundle, later, later);
    const second = await fetch(`${url}/widget.js`);
    expect(await second.text()).toContain('rebuilt');
    expect(second.headers.get('etag')).not.toBe(first);
  });

  it('answers 503 with the error envelope and a build hint while the widget is not built', async () => {
    for (const locate of [() => null, () => join(directory, 'absent.js')]) {
      const url = await serve(locate);
      const response = await fetch(`${url}/widget.js`);
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.error.code).toBe('dependency_unavailable');
      expect(body.error.message).toMatch(/pnpm run build/);
    }
  });

  it('finds the bundle through the widget package export, or nothing while it is not built', () => {
    const built = join(fileURLToPath(new URL('../../../widget/dist/widget.js', import.meta.url)));
    const found = widgetBundlePath();
    if (existsSync(built)) expect(found && realpathSync(found)).toBe(realpathSync(built));
    else expect(found).toBeNull();
  });
});
