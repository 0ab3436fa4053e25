import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoProject } from '@chatbuddy/runtime';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { escapeHtml, renderHomePage } from './home-page.view.js';

let dataDir: string;
let server: TestServer;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-home-page-'));
  server = await startTestServer({ config: { dataDir, nodeEnv: 'development' } });
});
afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const widgetTag = /<script src="\/widget\.js"[^>]*data-api-key="([^"]+)"[^>]*><\/script>/;

describe('GET / in development', () => {
  it('explains how to start the demo when there is no demo project, under a strict CSP', async () => {
    const response = await server.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toContain('./chatbuddy demo');
    expect(response.text).not.toMatch(/<script/);
    for (const link of ['/docs', '/openapi.json', '/health'])
      expect(response.text).toContain(`href="${link}"`);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain(`connect-src 'self' ${server.url}`);
    expect(policy).toMatch(/style-src 'sha256-[\w+/=]+'(;|$)/);
    expect(policy).not.toContain('unsafe');
  });

  it('shows the widget on the demo project while that project exists', async () => {
    const created = await server.runtime.projects.create({ name: 'Demo shop' });
    await writeDemoProject(dataDir, {
      projectId: created.project.id,
      publishableKey: created.publishableKey,
    });
    const response = await server.request('/');
    expect(response.text.match(widgetTag)?.[1]).toBe(created.publishableKey);
    expect(response.text).toContain(`data-api-url="${server.url}"`);
    expect(response.text).toContain('data-title="Demo shop assistant"');
    expect(response.text).not.toContain(created.apiKey);
    expect(response.text).not.toContain('./chatbuddy demo');

    await writeDemoProject(dataDir, {
      projectId: '00000000-0000-4000-8000-000000000000',
      publishableKey: created.publishableKey,
    });
    const gone = await server.request('/');
    expect(gone.text).not.toMatch(widgetTag);
    expect(gone.text).toContain('./chatbuddy demo');

    await writeFile(join(dataDir, 'demo.json'), '{"projectId": "<script>", "publishableKey": 1}');
    const garbage = await server.request('/');
    expect(garbage.status).toBe(200);
    expect(garbage.text).not.toMatch(widgetTag);
  });
});

describe('GET / in production', () => {
  it('is a 404, as before', async () => {
    const production = await startTestServer({
      config: {
        dataDir,
        nodeEnv: 'production',
        authSecret: 'a'.repeat(48),
        accessSecret: 'b'.repeat(48),
        refreshSecret: 'c'.repeat(48),
      },
    });
    try {
      expect((await production.request('/')).status).toBe(404);
    } finally {
      await production.stop();
    }
  });
});

describe('renderHomePage', () => {
  it('escapes everything it interpolates: no value can open a tag or leave its attribute', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (apiUrl, projectId, publishableKey) => {
        const page = renderHomePage({ apiUrl, demo: { projectId, publishableKey } });
        const tag = /<script src="\/widget\.js"([^>]*)><\/script>/.exec(page);
        expect(tag).not.toBeNull();
        const attributes = [...tag![1]!.matchAll(/ ([\w-]+)="([^"]*)"/g)];
        expect(attributes.map(([, name]) => name)).toEqual([
          'data-api-url',
          'data-api-key',
          'data-title',
          'data-starters',
          'data-welcome',
        ]);
        expect(attributes[0]![2]).toBe(escapeHtml(apiUrl));
        expect(attributes[1]![2]).toBe(escapeHtml(publishableKey));
        expect(page.match(/<script/g)).toHaveLength(1);
      }),
    );
    const hostile = renderHomePage({
      apiUrl: '"><script>alert(1)</script>',
      demo: { projectId: '<img src=x onerror=alert(1)>', publishableKey: "'&" },
    });
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).toContain('data-api-url="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(hostile).toContain('data-api-key="&#39;&amp;"');
  });
});
