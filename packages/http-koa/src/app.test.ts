import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute } from './routing/route.js';
import { startTestServer, type TestServer } from './testing/test-server.js';
import { openApiMismatches } from './testing/openapi-conformance.js';

const echo = defineRoute({
  method: 'post',
  path: '/echo',
  summary: 'Echo',
  tag: 'test',
  auth: 'none',
  body: z.object({ name: z.string().min(1).max(50) }),
  responses: { 200: { description: 'ok' } },
  handler: async (ctx, input) => {
    ctx.body = { hello: input.body.name };
  },
});

const crash = defineRoute({
  method: 'get',
  path: '/crash',
  summary: 'Crash',
  tag: 'test',
  auth: 'none',
  responses: { 200: { description: 'never' } },
  handler: async () => {
    throw new Error('secret internal detail at /srv/app.js:42');
  },
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ routes: [echo, crash], config: { maxBodyBytes: 1024 } });
});
afterAll(() => server.stop());

function expectEnvelope(body: any, code: string) {
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+:\d+|node_modules|\.ts:\d+/);
}

describe('HTTP foundation', () => {
  it('answers /health and /ready with 200 and a request id', async () => {
    const health = await server.request('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const ready = await server.request('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.ready).toBe(true);
  });

  it('keeps a well-formed incoming request id and replaces a malformed one', async () => {
    expect(
      (await server.request('/health', { headers: { 'x-request-id': 'abc-123' } })).headers.get(
        'x-request-id',
      ),
    ).toBe('abc-123');
    const replaced = await server.request('/health', { headers: { 'x-request-id': 'bad id\u00e9' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id\u00e9');
  });

  it('reports 503 on /ready when a dependency is down', async () => {
    server.ports.vectorStore.failWith = new Error('down');
    try {
      const ready = await server.request('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.find((check: any) => check.name === 'vectors')).toMatchObject({ ok: false });
    } finally {
      server.ports.vectorStore.failWith = null;
    }
  });

  it('answers an unknown route with a 404 envelope', async () => {
    const response = await server.request('/nope');
    expect(response.status).toBe(404);
    expectEnvelope(response.body, 'not_found');
  });

  it('answers a wrong method with 405 and the methods the path allows', async () => {
    const response = await server.request('/health', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('HEAD, GET');
    expectEnvelope(response.body, 'method_not_allowed');
    const documents = await server.request('/documents/00000000-0000-4000-8000-000000000000', {
      method: 'PATCH',
    });
    expect(documents.status).toBe(405);
    expect(documents.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PUT']);
  });

  it('answers a method no route knows (PROPFIND, PURGE, LINK) with 405, not 5xx', async () => {
    for (const method of ['PROPFIND', 'PURGE', 'LINK']) {
      const response = await server.request('/health', { method });
      expect({ method, status: response.status }).toEqual({ method, status: 405 });
      expect(response.headers.get('allow')).toBe('HEAD, GET');
      expectEnvelope(response.body, 'method_not_allowed');
    }
  });

  it('answers malformed JSON with 400, a non-JSON type with 415, and an oversize body with 413', async () => {
    const malformed = await server.request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expectEnvelope(malformed.body, 'invalid_input');
    const wrongType = await server.request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(wrongType.status).toBe(415);
    expectEnvelope(wrongType.body, 'unsupported_media_type');
    const large = await server.request('/echo', { method: 'POST', json: { name: 'x'.repeat(5000) } });
    expect(large.status).toBe(413);
    expectEnvelope(large.body, 'payload_too_large');
    // Another charset, or a compressed body, is a type the server does not take: 415, not 400.
    for (const headers of [
      { 'content-type': 'application/json; charset=iso-8859-1' } as Record<string, string>,
      { 'content-type': 'application/json; charset="UTF-16"' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    ]) {
      const refused = await server.request('/echo', { method: 'POST', headers, body: '{"name":"a"}' });
      expect(refused.status, JSON.stringify(headers)).toBe(415);
      expectEnvelope(refused.body, 'unsupported_media_type');
    }
    const utf8 = await server.request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=UTF-8', 'content-encoding': 'identity' },
      body: '{"name":"a"}',
    });
    expect(utf8.status).toBe(200);
  });

  it('validates bodies with the route schema and lists the issues', async () => {
    const response = await server.request('/echo', { method: 'POST', json: { name: 42 } });
    expect(response.status).toBe(400);
    expectEnvelope(response.body, 'invalid_input');
    expect(response.body.error.details.issues[0]).toMatchObject({ path: 'name' });
    expect((await server.request('/echo', { method: 'POST', json: { name: 'Ann' } })).body).toEqual({
      hello: 'Ann',
    });
  });

  it('hides unexpected errors behind a bare 500 envelope', async () => {
    const response = await server.request('/crash');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: { code: 'internal_error', message: 'Internal server error', requestId: expect.any(String) },
    });
    expect(response.text).not.toContain('secret internal detail');
  });

  it('describes every route in /openapi.json', async () => {
    const response = await server.request('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/ready', '/openapi.json', '/echo']),
    );
    expect(
      response.body.paths['/echo'].post.requestBody.content['application/json'].schema.properties.name.type,
    ).toBe('string');
  });

  it('property: garbage bodies never produce a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.json(), fc.uint8Array({ maxLength: 2000 })),
        async (garbage) => {
          const response = await server.request('/echo', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: typeof garbage === 'string' ? garbage : Buffer.from(garbage),
          });
          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(response.body.error.code).toMatch(/^[a-z_]+$/);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('provider health', () => {
  it('lists providers outside production', async () => {
    const response = await server.request('/debug/provider-health');
    expect(response.status).toBe(200);
    expect(response.body.providers[0]).toMatchObject({ provider: 'local', configured: true });
  });

  it('says whether confidence is calibrated for the embedding model each provider uses', async () => {
    const response = await server.request('/debug/provider-health');
    // The fake embedder has no fit of its own, so it gets the uncalibrated fallback.
    expect(response.body.providers[0]).toMatchObject({
      embeddingModel: 'fake:bow-64',
      confidenceCalibrated: false,
    });
  });
});

describe('OpenAPI conformance', () => {
  it("every successful JSON answer above matches its operation's declared response schema", async () => {
    expect(server.exchanges.filter((exchange) => exchange.status < 300).length).toBeGreaterThan(5);
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
