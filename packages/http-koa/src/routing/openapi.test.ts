import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
let document: any;

beforeAll(async () => {
  server = await startTestServer();
  document = (await server.request('/openapi.json')).body;
});
afterAll(() => server.stop());

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]: [string, any]) =>
    Object.entries(methods).map(([method, operation]: [string, any]) => ({ path, method, operation })),
  );

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const references = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of new Set(references)) {
      expect(reference).toMatch(/^#\/components\/schemas\/[A-Za-z0-9]+$/);
      expect(document.components.schemas[reference.split('/').pop()!]).toBeTruthy();
    }
  });

  it('publishes the recursive JSON value once, under components', () => {
    const metadata =
      document.paths['/upload-doc'].post.requestBody.content['application/json'].schema.properties.metadata;
    expect(metadata.additionalProperties).toEqual({ $ref: '#/components/schemas/JsonValue' });
    expect(JSON.stringify(document)).not.toContain('$defs');
  });

  it('declares a response schema for the success answer of every operation (204 has no body)', () => {
    const missing = operations()
      .filter(({ operation }) => {
        const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
        if (success.length === 0) return true;
        return success.some(
          ([status, response]: [string, any]) =>
            status !== '204' &&
            !Object.values<{ schema?: unknown }>(response.content ?? {}).some((content) => content.schema),
        );
      })
      .map(({ path, method }) => `${method} ${path}`);
    expect(operations().length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
