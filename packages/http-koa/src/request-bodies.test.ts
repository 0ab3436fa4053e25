import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepth, maxJsonDepth } from './middleware/body.js';
import { startTestServer, type TestServer } from './testing/test-server.js';
import { signedInUser } from './testing/users.js';

let server: TestServer;
let bearer: Record<string, string>;
let project: { id: string; apiKey: string };
let documentId: string;

beforeAll(async () => {
  server = await startTestServer({ config: { maxBodyBytes: 1024 * 1024, maxUploadBytes: 1024 * 1024 } });
  bearer = (await signedInUser(server)).headers;
  const created = (
    await server.request('/projects', { method: 'POST', headers: bearer, json: { name: 'P' } })
  ).body;
  project = { id: created.project.id, apiKey: created.apiKey };
  documentId = (
    await server.request('/upload-doc', {
      method: 'POST',
      headers: { 'x-api-key': project.apiKey },
      json: { content: 'Refunds take 14 days.' },
    })
  ).body.document.id;
});
afterAll(() => server.stop());

const secret = () => ({ 'x-api-key': project.apiKey });

/** `levels` nested arrays or objects around `null`, written as text (JSON.stringify would recurse). */
function nested(levels: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(levels)}null${']'.repeat(levels)}`
    : `${'{"a":'.repeat(levels)}null${'}'.repeat(levels)}`;
}

describe('JSON nesting depth', () => {
  it('measures depth without recursion', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth([])).toBe(1);
    expect(jsonDepth({ a: [{ b: 1 }], c: 2 })).toBe(3);
    expect(jsonDepth(JSON.parse(nested(100_000, 'array')))).toBe(100_000);
  });

  it('accepts 64 levels and refuses 65 with 400', async () => {
    const upload = (levels: number) =>
      server.request('/upload-doc', {
        method: 'POST',
        headers: { ...secret(), 'content-type': 'application/json' },
        body: `{"content":"Deep.","metadata":{"deep":${nested(levels - 2, 'array')}}}`,
      });
    expect((await upload(maxJsonDepth)).status).toBe(201);
    const refused = await upload(maxJsonDepth + 1);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_input');
  });

  it('property: deeply nested bodies are 400 invalid_input at every JSON endpoint', async () => {
    const endpoints = [
      { method: 'POST', path: '/upload-doc', headers: secret, field: 'metadata' },
      { method: 'POST', path: '/upload-doc/file', headers: secret, field: 'metadata' },
      { method: 'PUT', path: `/documents/${documentId}`, headers: secret, field: 'metadata' },
      { method: 'POST', path: '/chat', headers: secret, field: 'message' },
      { method: 'POST', path: '/projects', headers: () => bearer, field: 'modelConfig' },
      { method: 'PATCH', path: `/projects/${project.id}`, headers: () => bearer, field: 'assistant' },
      { method: 'POST', path: `/projects/${project.id}/rotate-key`, headers: () => bearer, field: 'kind' },
      { method: 'POST', path: '/auth/login', headers: () => ({}), field: 'email' },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.integer({ min: maxJsonDepth + 1, max: 10_000 }),
        fc.constantFrom('array' as const, 'object' as const),
        fc.boolean(),
        async (endpoint, levels, kind, atRoot) => {
          const body = atRoot ? nested(levels, kind) : `{"${endpoint.field}":${nested(levels, kind)}}`;
          const response = await server.request(endpoint.path, {
            method: endpoint.method,
            headers: { ...endpoint.headers(), 'content-type': 'application/json' },
            body,
          });
          expect(response.status).toBe(400);
          expect(response.body.error.code).toBe('invalid_input');
        },
      ),
      { numRuns: 80 },
    );
  });

  it('refuses a deeply nested metadata field of a multipart upload with 400', async () => {
    const form = new FormData();
    form.set('file', new Blob(['Hello there.'], { type: 'text/plain' }), 'a.txt');
    form.set('metadata', `{"a":${nested(10_000, 'array')}}`);
    const response = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: secret(),
      body: form,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
  });
});
