import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';
import { openApiMismatches } from '../testing/openapi-conformance.js';

let server: TestServer;
let keys: { apiKey: string; publishableKey: string; projectId: string };
let other: { apiKey: string; projectId: string };

beforeAll(async () => {
  server = await startTestServer({ config: { maxUploadBytes: 64 * 1024 } });
  const owner = await signedInUser(server);
  const create = async () =>
    (await server.request('/projects', { method: 'POST', headers: owner.headers, json: { name: 'Docs' } }))
      .body;
  const first = await create();
  const second = await create();
  keys = { apiKey: first.apiKey, publishableKey: first.publishableKey, projectId: first.project.id };
  other = { apiKey: second.apiKey, projectId: second.project.id };
});
afterAll(() => server.stop());

const secret = () => ({ 'x-api-key': keys.apiKey });

describe('documents API', () => {
  it('uploads, lists, reads, replaces, reindexes and deletes a document', async () => {
    const upload = await server.request('/upload-doc', {
      method: 'POST',
      headers: secret(),
      json: { title: 'Refunds', content: '# Refunds\n\nRefunds are paid within 14 days.' },
    });
    expect(upload.status).toBe(201);
    expect(upload.body.document).toMatchObject({ title: 'Refunds', status: 'ready' });
    expect(upload.body.document.chunkCount).toBeGreaterThan(0);
    const id = upload.body.document.id;
    const list = await server.request('/documents', { headers: secret() });
    expect(list.body.items.map((item: any) => item.id)).toContain(id);
    expect(list.body.items[0]).not.toHaveProperty('content');
    expect((await server.request(`/documents/${id}`, { headers: secret() })).body.document.content).toContain(
      '14 days',
    );
    const replaced = await server.request(`/documents/${id}`, {
      method: 'PUT',
      headers: secret(),
      json: { content: 'Refunds are paid within 30 days.' },
    });
    expect(replaced.status).toBe(200);
    expect((await server.request(`/documents/${id}`, { headers: secret() })).body.document.content).toContain(
      '30 days',
    );
    expect(
      (await server.request(`/documents/${id}/reindex`, { method: 'POST', headers: secret() })).body.document
        .status,
    ).toBe('ready');
    expect((await server.request(`/documents/${id}`, { method: 'DELETE', headers: secret() })).status).toBe(
      200,
    );
    expect((await server.request(`/documents/${id}`, { headers: secret() })).status).toBe(404);
  });

  it('detects duplicates and honours Idempotency-Key', async () => {
    const body = { content: 'Opening hours are 9 to 5, Monday to Friday.' };
    const first = await server.request('/upload-doc', {
      method: 'POST',
      headers: { ...secret(), 'idempotency-key': 'k-1' },
      json: body,
    });
    expect(first.status).toBe(201);
    const replay = await server.request('/upload-doc', {
      method: 'POST',
      headers: { ...secret(), 'idempotency-key': 'k-1' },
      json: body,
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.document.id).toBe(first.body.document.id);
    // The same JSON spaced differently is the same request.
    const spaced = await server.request('/upload-doc', {
      method: 'POST',
      headers: { ...secret(), 'idempotency-key': 'k-1', 'content-type': 'application/json' },
      body: JSON.stringify(body, null, 2),
    });
    expect(spaced.status).toBe(201);
    expect(spaced.headers.get('idempotent-replayed')).toBe('true');
    const mismatch = await server.request('/upload-doc', {
      method: 'POST',
      headers: { ...secret(), 'idempotency-key': 'k-1' },
      json: { content: 'Different.' },
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.code).toBe('idempotency_key_mismatch');
    const duplicate = await server.request('/upload-doc', { method: 'POST', headers: secret(), json: body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('duplicate_document');
  });

  it('replays a multipart upload retried with the same Idempotency-Key, whatever boundary each send picks', async () => {
    const send = (text: string, title = 'Opening hours') => {
      // A new FormData per send: fetch picks a new boundary for each body.
      const form = new FormData();
      form.append('file', new Blob([text], { type: 'text/plain' }), 'hours.txt');
      form.append('title', title);
      return server.request('/upload-doc/file', {
        method: 'POST',
        headers: { ...secret(), 'idempotency-key': 'multipart-1' },
        body: form,
      });
    };
    const first = await send('We open at nine on weekdays.');
    expect(first.status).toBe(201);
    const retry = await send('We open at nine on weekdays.');
    expect(retry.status).toBe(201);
    expect(retry.body.document.id).toBe(first.body.document.id);
    for (const changed of [
      send('We open at ten on weekdays.'),
      send('We open at nine on weekdays.', 'Hours'),
    ]) {
      const response = await changed;
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('idempotency_key_mismatch');
    }
  });

  it('uploads files as JSON text, JSON base64 and multipart, with clear errors', async () => {
    const text = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: secret(),
      json: { filename: 'faq.md', content: '# FAQ\n\nWe ship worldwide.' },
    });
    expect(text.status).toBe(201);
    const base64 = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: secret(),
      json: {
        filename: 'notes.txt',
        contentBase64: Buffer.from('Parking is free for customers.').toString('base64'),
      },
    });
    expect(base64.status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob(['Gift cards never expire.'], { type: 'text/plain' }), 'gift.txt');
    form.append('title', 'Gift cards');
    const multipart = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: secret(),
      body: form,
    });
    expect(multipart.status).toBe(201);
    expect(multipart.body.document.title).toBe('Gift cards');
    const two = new FormData();
    two.append('file', new Blob(['Returns are free.'], { type: 'text/plain' }), 'returns.txt');
    two.append('file', new Blob(['Shipping takes two days.'], { type: 'text/plain' }), 'shipping.txt');
    const twoFiles = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: secret(),
      body: two,
    });
    expect(twoFiles.status).toBe(400);
    expect(twoFiles.body.error.message).toMatch(/one file per upload/);
    const unsupported = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: secret(),
      json: {
        filename: 'virus.exe',
        contentBase64: Buffer.from('MZ').toString('base64'),
        mimeType: 'application/x-msdownload',
      },
    });
    expect(unsupported.status).toBe(415);
    const tooLarge = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: secret(),
      json: { filename: 'big.txt', content: 'x'.repeat(70 * 1024) },
    });
    expect(tooLarge.status).toBe(413);
    const empty = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: secret(),
      json: { filename: 'empty.txt', content: '   ' },
    });
    expect(empty.status).toBe(422);
    const wrongType = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: { ...secret(), 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(wrongType.status).toBe(415);
  });

  it('refuses publishable keys and other tenants', async () => {
    const publishable = await server.request('/upload-doc', {
      method: 'POST',
      headers: { 'x-api-key': keys.publishableKey },
      json: { content: 'x' },
    });
    expect(publishable.status).toBe(403);
    const mine = await server.request('/upload-doc', {
      method: 'POST',
      headers: secret(),
      json: { content: 'Only for project one: the vault code is 4242.' },
    });
    const id = mine.body.document.id;
    for (const [method, path, json] of [
      ['GET', `/documents/${id}`],
      ['PUT', `/documents/${id}`, { content: 'stolen' }],
      ['POST', `/documents/${id}/reindex`],
      ['DELETE', `/documents/${id}`],
    ] as const) {
      const response = await server.request(path, { method, headers: { 'x-api-key': other.apiKey }, json });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('document_not_found');
    }
    const list = await server.request('/documents', { headers: { 'x-api-key': other.apiKey } });
    expect(JSON.stringify(list.body)).not.toContain(id);
  });

  it('property: garbage uploads give 4xx envelopes and never half-written documents', async () => {
    const before = (await server.request('/documents?limit=100', { headers: secret() })).body.items.length;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ content: fc.anything(), title: fc.anything(), metadata: fc.anything() }),
        ),
        async (garbage) => {
          const response = await server.request('/upload-doc', {
            method: 'POST',
            headers: secret(),
            json: garbage ?? null,
          });
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(response.body.error.code).toMatch(/^[a-z_]+$/);
        },
      ),
      { numRuns: 60 },
    );
    const documents = (await server.request('/documents?limit=100', { headers: secret() })).body.items;
    expect(documents.length).toBeGreaterThanOrEqual(before);
    for (const document of documents) expect(['ready']).toContain(document.status);
  });
});

describe('OpenAPI conformance', () => {
  it("every successful JSON answer above matches its operation's declared response schema", async () => {
    expect(server.exchanges.filter((exchange) => exchange.status < 300).length).toBeGreaterThan(5);
    expect(await openApiMismatches(server)).toEqual([]);
  });
});

describe('documents larger than MAX_BODY_BYTES', () => {
  it('can be replaced as they could be uploaded, up to the upload limit', async () => {
    const small = await startTestServer({ config: { maxBodyBytes: 4 * 1024, maxUploadBytes: 32 * 1024 } });
    try {
      const owner = await signedInUser(small);
      const { apiKey } = (
        await small.request('/projects', { method: 'POST', headers: owner.headers, json: { name: 'Big' } })
      ).body;
      const content = (word: string) => `${word} is stocked in every shop. `.repeat(400); // about 12 KB
      const uploaded = await small.request('/upload-doc', {
        method: 'POST',
        headers: { 'x-api-key': apiKey },
        json: { content: content('Tea') },
      });
      expect(uploaded.status).toBe(201);
      const id = uploaded.body.document.id as string;
      const replaced = await small.request(`/documents/${id}`, {
        method: 'PUT',
        headers: { 'x-api-key': apiKey },
        json: { content: content('Coffee') },
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body.document).toMatchObject({ id, status: 'ready' });
      const tooLarge = await small.request(`/documents/${id}`, {
        method: 'PUT',
        headers: { 'x-api-key': apiKey },
        json: { content: content('Cocoa').repeat(3) },
      });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.error.code).toBe('payload_too_large');
    } finally {
      await small.stop();
    }
  });
});
