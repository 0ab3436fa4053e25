import { documentMetadataLimits } from '@chatbuddy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

let server: TestServer;
let secret: { 'x-api-key': string };
let projectId: string;
let owner: { authorization: string };

beforeAll(async () => {
  server = await startTestServer();
  owner = (await signedInUser(server)).headers;
  const created = await server.request('/projects', {
    method: 'POST',
    headers: owner,
    json: { name: 'Meta' },
  });
  secret = { 'x-api-key': created.body.apiKey };
  projectId = created.body.project.id;
});
afterAll(() => server.stop());

const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${i}`, i]));
const oversized: Array<[string, Record<string, unknown>]> = [
  ['40,000 keys', keys(40_000)],
  ['65 keys', keys(documentMetadataLimits.keys + 1)],
  ['a 101-character key', { ['k'.repeat(documentMetadataLimits.keyChars + 1)]: true }],
  ['17 KB of JSON', { note: 'x'.repeat(17 * 1024) }],
];

const expectRefusedAtMetadata = (response: { status: number; body: any }, what: string) => {
  expect(response.status, what).toBe(400);
  expect(response.body.error.code, what).toBe('invalid_input');
  expect(response.body.error.details.issues[0].path, what).toBe('metadata');
  // The refusal names the limit; it does not echo what was sent.
  expect(JSON.stringify(response.body).length, what).toBeLessThan(1000);
};

describe('document metadata over the limits', () => {
  it('is refused with 400 invalid_input at metadata by every route that takes metadata', async () => {
    const kept = await server.request('/upload-doc', {
      method: 'POST',
      headers: secret,
      json: { title: 'Kept', content: 'Opening hours are 9 to 5.', metadata: { team: 'support' } },
    });
    expect(kept.status).toBe(201);
    const id = kept.body.document.id as string;
    for (const [what, metadata] of oversized) {
      const upload = await server.request('/upload-doc', {
        method: 'POST',
        headers: secret,
        json: { content: `Refunds take 14 days (${what}).`, metadata },
      });
      expectRefusedAtMetadata(upload, `upload-doc, ${what}`);
      for (const body of [
        { filename: 'a.txt', content: `Returns are free (${what}).`, metadata },
        { filename: 'a.txt', contentBase64: Buffer.from(`Returns (${what})`).toString('base64'), metadata },
      ]) {
        const file = await server.request('/upload-doc/file', {
          method: 'POST',
          headers: secret,
          json: body,
        });
        expectRefusedAtMetadata(file, `upload-doc/file JSON, ${what}`);
      }
      const form = new FormData();
      form.append('file', new Blob([`Parking is free (${what}).`], { type: 'text/plain' }), 'parking.txt');
      form.append('metadata', JSON.stringify(metadata));
      const multipart = await server.request('/upload-doc/file', {
        method: 'POST',
        headers: secret,
        body: form,
      });
      // A field past the multipart field size is cut short: no longer JSON, refused all the same.
      expectRefusedAtMetadata(multipart, `upload-doc/file multipart, ${what}`);
      const replace = await server.request(`/documents/${id}`, {
        method: 'PUT',
        headers: secret,
        json: { content: `Opening hours are 8 to 6 (${what}).`, metadata },
      });
      expectRefusedAtMetadata(replace, `PUT /documents/:id, ${what}`);
    }
    const list = await server.request('/documents?limit=100', { headers: secret });
    expect(list.body.items.map((item: any) => [item.title, item.metadata])).toEqual([
      ['Kept', { team: 'support' }],
    ]);
    const dashboard = await server.request(`/projects/${projectId}/documents`, { headers: owner });
    expect(dashboard.body.items).toHaveLength(1);
  });

  it('is accepted up to the limits', async () => {
    const metadata = keys(documentMetadataLimits.keys);
    const upload = await server.request('/upload-doc', {
      method: 'POST',
      headers: secret,
      json: { content: 'Gift cards never expire.', metadata },
    });
    expect(upload.status).toBe(201);
    expect(upload.body.document.metadata).toEqual(metadata);
    const form = new FormData();
    form.append('file', new Blob(['Lockers are by the door.'], { type: 'text/plain' }), 'lockers.txt');
    form.append('metadata', JSON.stringify({ source: 'intranet', tags: ['building'] }));
    const multipart = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: secret,
      body: form,
    });
    expect(multipart.status).toBe(201);
    expect(multipart.body.document.metadata).toEqual({ source: 'intranet', tags: ['building'] });
    const notJson = new FormData();
    notJson.append('file', new Blob(['Bikes go in the yard.'], { type: 'text/plain' }), 'bikes.txt');
    notJson.append('metadata', '{not json');
    expectRefusedAtMetadata(
      await server.request('/upload-doc/file', { method: 'POST', headers: secret, body: notJson }),
      'multipart metadata that is not JSON',
    );
  });

  it('are published in the API description', async () => {
    const document = (await server.request('/openapi.json')).body;
    const metadata =
      document.paths['/upload-doc'].post.requestBody.content['application/json'].schema.properties.metadata;
    expect(metadata).toMatchObject({
      type: 'object',
      maxProperties: documentMetadataLimits.keys,
      additionalProperties: { $ref: '#/components/schemas/JsonValue' },
    });
    expect(metadata.description).toContain(`${documentMetadataLimits.jsonBytes} bytes`);
  });
});
