import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/test-server.js';
import { signedInUser } from './testing/users.js';

let server: TestServer;
let bearer: Record<string, string>;
let project: { id: string; apiKey: string };

beforeAll(async () => {
  server = await startTestServer({ config: { rateLimitPerMinute: 0 } });
  bearer = (await signedInUser(server)).headers;
  const created = (
    await server.request('/projects', { method: 'POST', headers: bearer, json: { name: 'P' } })
  ).body;
  project = { id: created.project.id, apiKey: created.apiKey };
});
afterAll(() => server.stop());

/** Objects whose keys are the operation's own field names, odd keys, or random ones. */
const garbageObject = (fields: string[]) =>
  fc.dictionary(
    fc.oneof(
      fc.constantFrom(...fields, '__proto__', 'constructor', 'prototype', 'toString'),
      fc.string({ maxLength: 10 }),
    ),
    fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.dictionary(fc.constantFrom('__proto__', 'constructor'), fc.jsonValue()),
    ),
    { maxKeys: 8 },
  );

describe('garbage JSON bodies', () => {
  it('property: no JSON operation answers 5xx to any JSON value', async () => {
    const document = (await server.request('/openapi.json')).body;
    const operations = Object.entries(document.paths).flatMap(([path, methods]: [string, any]) =>
      Object.entries(methods)
        .filter(([, operation]: [string, any]) => operation.requestBody?.content?.['application/json'])
        .map(([method, operation]: [string, any]) => ({
          path,
          method,
          bearer: Boolean(operation.security?.[0]?.bearerAuth),
          fields: Object.keys(operation.requestBody.content['application/json'].schema.properties ?? {}),
        })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...operations)
          .chain((operation) =>
            fc.tuple(fc.constant(operation), fc.oneof(garbageObject(operation.fields), fc.jsonValue())),
          ),
        async ([operation, body]) => {
          const url = operation.path.replace('{projectId}', project.id).replace(/\{[A-Za-z]+\}/g, project.id);
          const response = await server.request(url, {
            method: operation.method.toUpperCase(),
            headers: operation.bearer ? bearer : { 'x-api-key': project.apiKey },
            json: body,
          });
          expect(response.status, `${operation.method} ${url} ${JSON.stringify(body)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
