import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('GET /docs', () => {
  it('serves an HTML API reference whose scripts and styles all come from this server', async () => {
    const response = await server.request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const scripts = [...response.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    const styles = [...response.text.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    expect(styles.length).toBeGreaterThanOrEqual(1);
    for (const [, attributes, inline] of scripts)
      expect({ attributes, inline }).toMatchObject({ inline: '' });
    const urls = [
      ...scripts.map(([, attributes]) => /src="([^"]+)"/.exec(attributes!)![1]!),
      ...styles.map(([, href]) => href!),
    ];
    for (const url of urls) {
      expect(url).toMatch(/^\/[^/]/);
      const asset = await fetch(new URL(url, server.url));
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
      expect(asset.headers.get('content-type')).toMatch(url.endsWith('.css') ? /^text\/css/ : /javascript/);
      expect((await asset.text()).length).toBeGreaterThan(0);
    }
    const initialiser = await (await fetch(new URL('/docs/assets/initialise.js', server.url))).text();
    expect(initialiser).toContain("'/openapi.json'");
    expect((await server.request('/openapi.json')).status).toBe(200);
  });

  it('sets a strict Content-Security-Policy and nosniff on the page', async () => {
    const response = await server.request('/docs');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 for files it does not serve', async () => {
    for (const path of [
      '/docs/assets/package.json',
      '/docs/assets/..%2Fpackage.json',
      '/docs/assets/index.html',
    ]) {
      const response = await server.request(path);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });
});
