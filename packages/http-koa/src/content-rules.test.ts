import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/test-server.js';
import { signedInUser } from './testing/users.js';

let server: TestServer;
let bearer: Record<string, string>;
let project: { id: string; apiKey: string };

beforeAll(async () => {
  server = await startTestServer();
  bearer = (await signedInUser(server)).headers;
  const created = (
    await server.request('/projects', { method: 'POST', headers: bearer, json: { name: 'P' } })
  ).body;
  project = { id: created.project.id, apiKey: created.apiKey };
});
afterAll(() => server.stop());

const secret = () => ({ 'x-api-key': project.apiKey });

describe('content types', () => {
  it('answers 415 to a non-JSON body at every operation that takes a JSON body', async () => {
    const document = (await server.request('/openapi.json')).body;
    const operations = Object.entries(document.paths).flatMap(([path, methods]: [string, any]) =>
      Object.entries(methods)
        .filter(([, operation]: [string, any]) => operation.requestBody?.content?.['application/json'])
        .map(([method, operation]: [string, any]) => ({ path, method, operation })),
    );
    expect(operations.map((operation) => operation.path)).toContain('/upload-doc');
    for (const { path, method, operation } of operations) {
      const url = path.replace('{projectId}', project.id).replace(/\{[A-Za-z]+\}/g, crypto.randomUUID());
      const auth = operation.security?.[0]?.bearerAuth ? bearer : secret();
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const response = await server.request(url, {
          method: method.toUpperCase(),
          headers: { ...auth, 'content-type': type },
          body: '{"content":"Refunds take 14 days.","name":"x","message":"hi"}',
        });
        expect({ path, method, type, status: response.status }).toEqual({ path, method, type, status: 415 });
        expect(response.body.error.code).toBe('unsupported_media_type');
      }
    }
  });
});

describe('response headers', () => {
  it('sends nosniff on every response, success or error', async () => {
    for (const path of ['/health', '/openapi.json', '/nope', '/documents']) {
      expect((await server.request(path)).headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('forbids caching of every authenticated response, including refusals and streams', async () => {
    const responses = [
      await server.request('/projects', { headers: bearer }),
      await server.request(`/projects/${project.id}`, { headers: bearer }),
      await server.request('/documents', { headers: secret() }),
      await server.request('/usage', { headers: secret() }),
      await server.request('/documents', { headers: { 'x-api-key': 'cb_sk_wrong' } }),
      await server.request('/chat', {
        method: 'POST',
        headers: { ...secret(), accept: 'text/event-stream' },
        json: { message: 'Hello?' },
      }),
    ];
    for (const response of responses) expect(response.headers.get('cache-control')).toMatch(/^no-store\b/);
    expect((await server.request('/health')).headers.get('cache-control')).toBeNull();
  });
});

describe('rotate-key', () => {
  const rotate = (body?: string) =>
    server.request(`/projects/${project.id}/rotate-key`, {
      method: 'POST',
      headers: { ...bearer, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body,
    });

  it('refuses a JSON null body with 400 and leaves the key working', async () => {
    const response = await rotate('null');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
    expect((await server.request('/documents', { headers: secret() })).status).toBe(200);
  });

  it('still takes an empty body as the defaults (rotate the secret key now)', async () => {
    const response = await rotate();
    expect(response.status).toBe(200);
    expect(response.body.kind).toBe('secret');
    expect((await server.request('/documents', { headers: secret() })).status).toBe(401);
    project.apiKey = response.body.apiKey;
  });
});
