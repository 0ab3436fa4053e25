import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';
import { prefersRespondAsync } from './respond-async.js';

let server: TestServer;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  server = await startTestServer();
  const owner = await signedInUser(server);
  const create = async (name: string) =>
    (await server.request('/projects', { method: 'POST', headers: owner.headers, json: { name } })).body;
  apiKey = (await create('Async')).apiKey;
  otherKey = (await create('Other')).apiKey;
});
afterAll(() => server.stop());

/** Reads the document until it is no longer `indexing`. */
async function settled(key: string, id: string) {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const { body } = await server.request(`/documents/${id}`, { headers: { 'x-api-key': key } });
    if (body.document.status !== 'indexing') return body.document;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`document ${id} is still indexing`);
}

describe('Prefer: respond-async', () => {
  it('answers 202 once stored, with where to read it, and the document becomes ready', async () => {
    const content = '# Returns\n\nItems can be returned within 45 days of delivery.';
    const upload = await server.request('/upload-doc', {
      method: 'POST',
      headers: { 'x-api-key': apiKey, prefer: 'respond-async' },
      json: { title: 'Returns', content },
    });
    expect(upload.status).toBe(202);
    expect(upload.headers.get('preference-applied')).toBe('respond-async');
    const { id } = upload.body.document;
    expect(upload.headers.get('location')).toBe(`/documents/${id}`);
    expect(upload.body.document).toMatchObject({ status: 'indexing', chunkCount: 0 });
    expect(await settled(apiKey, id)).toMatchObject({ status: 'ready', chunkCount: 1 });
    const chat = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': apiKey },
      json: { message: 'How many days do I have to return an item?' },
    });
    expect(chat.body.sources.map((source: { documentId: string }) => source.documentId)).toContain(id);
    // Another project's key neither reads nor lists it.
    expect((await server.request(`/documents/${id}`, { headers: { 'x-api-key': otherKey } })).status).toBe(
      404,
    );
  });

  it('answers files the same way, and without the preference as before', async () => {
    const file = await server.request('/upload-doc/file', {
      method: 'POST',
      headers: { 'x-api-key': apiKey, prefer: 'wait=10, respond-async' },
      json: { filename: 'hours.txt', content: 'The shop opens at nine.' },
    });
    expect(file.status).toBe(202);
    expect(await settled(apiKey, file.body.document.id)).toMatchObject({
      status: 'ready',
      filename: 'hours.txt',
    });
    const plain = await server.request('/upload-doc', {
      method: 'POST',
      headers: { 'x-api-key': apiKey },
      json: { content: 'Parking is free on Sundays.' },
    });
    expect(plain.status).toBe(201);
    expect(plain.headers.get('preference-applied')).toBeNull();
    expect(plain.body.document.status).toBe('ready');
  });

  it('refuses bad input and duplicates before anything is stored, as without it', async () => {
    const headers = { 'x-api-key': apiKey, prefer: 'respond-async' };
    const empty = await server.request('/upload-doc', { method: 'POST', headers, json: { content: '  ' } });
    expect(empty.status).toBe(400);
    const listed = async () =>
      (await server.request('/documents?limit=100', { headers: { 'x-api-key': apiKey } })).body.items.length;
    const before = await listed();
    const oversize = await server.request('/upload-doc', {
      method: 'POST',
      headers,
      json: { content: 'x'.repeat(6 * 1024 * 1024) },
    });
    expect(oversize.status).toBe(413);
    expect(oversize.body.error.code).toBe('payload_too_large');
    expect(await listed()).toBe(before);
    const content = 'Gift cards never expire.';
    const first = await server.request('/upload-doc', { method: 'POST', headers, json: { content } });
    const again = await server.request('/upload-doc', { method: 'POST', headers, json: { content } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('duplicate_document');
    expect(again.body.error.details.documentId).toBe(first.body.document.id);
  });

  it('replays a 202 for the same Idempotency-Key without storing twice', async () => {
    const headers = { 'x-api-key': apiKey, prefer: 'respond-async', 'idempotency-key': 'async-1' };
    const json = { content: 'Returns by post are free.' };
    const first = await server.request('/upload-doc', { method: 'POST', headers, json });
    const second = await server.request('/upload-doc', { method: 'POST', headers, json });
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.document.id).toBe(first.body.document.id);
    expect(second.headers.get('location')).toBe(`/documents/${first.body.document.id}`);
  });
});

describe('Prefer: respond-async on replacements and reindexing', () => {
  const upload = async (content: string) =>
    (
      await server.request('/upload-doc', {
        method: 'POST',
        headers: { 'x-api-key': apiKey },
        json: { content },
      })
    ).body.document as { id: string; version: number };

  it('a replacement answers 202 with where to read it, and the new content answers once ready', async () => {
    const original = await upload('# Delivery\n\nParcels arrive within 3 working days.');
    const replaced = await server.request(`/documents/${original.id}`, {
      method: 'PUT',
      headers: { 'x-api-key': apiKey, prefer: 'respond-async' },
      json: { content: '# Delivery\n\nParcels now arrive within 2 working days, by courier.' },
    });
    expect(replaced.status).toBe(202);
    expect(replaced.headers.get('preference-applied')).toBe('respond-async');
    expect(replaced.headers.get('location')).toBe(`/documents/${original.id}`);
    expect(replaced.body.document).toMatchObject({ id: original.id, status: 'indexing' });
    const ready = await settled(apiKey, original.id);
    expect(ready).toMatchObject({ status: 'ready', version: original.version + 1 });
    expect(ready.content).toContain('by courier');
    // The same content again has nothing to index: answered 200 at once, without the header.
    const same = await server.request(`/documents/${original.id}`, {
      method: 'PUT',
      headers: { 'x-api-key': apiKey, prefer: 'respond-async' },
      json: { content: '# Delivery\n\nParcels now arrive within 2 working days, by courier.' },
    });
    expect(same.status).toBe(200);
    expect(same.headers.get('preference-applied')).toBeNull();
  });

  it('a reindex answers 202, and 200 without the preference', async () => {
    const document = await upload('Store credit is valid for two years.');
    const reindexed = await server.request(`/documents/${document.id}/reindex`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, prefer: 'respond-async' },
    });
    expect(reindexed.status).toBe(202);
    expect(reindexed.headers.get('location')).toBe(`/documents/${document.id}`);
    expect(await settled(apiKey, document.id)).toMatchObject({
      status: 'ready',
      version: document.version + 1,
    });
    const plain = await server.request(`/documents/${document.id}/reindex`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey },
    });
    expect(plain.status).toBe(200);
    expect(plain.body.document).toMatchObject({ status: 'ready', version: document.version + 2 });
  });

  it("another project's key can neither replace nor reindex, and changes nothing", async () => {
    const document = await upload('Returns are free for members.');
    const headers = { 'x-api-key': otherKey, prefer: 'respond-async' };
    const replaced = await server.request(`/documents/${document.id}`, {
      method: 'PUT',
      headers,
      json: { content: 'Returns cost 5 euros.' },
    });
    const reindexed = await server.request(`/documents/${document.id}/reindex`, { method: 'POST', headers });
    expect([replaced.status, reindexed.status]).toEqual([404, 404]);
    expect(replaced.body.error.code).toBe('document_not_found');
    const read = await server.request(`/documents/${document.id}`, { headers: { 'x-api-key': apiKey } });
    expect(read.body.document).toMatchObject({ status: 'ready', version: document.version });
    expect(read.body.document.content).toBe('Returns are free for members.');
  });
});

describe('hostile Prefer headers', () => {
  it('never fail an upload: each is 201 or 202, never an error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary-ascii', maxLength: 200 }).filter((value) => /^[\x20-\x7e\t]*$/.test(value)),
        fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim().length > 0),
        async (prefer, text) => {
          const upload = await server.request('/upload-doc', {
            method: 'POST',
            headers: { 'x-api-key': apiKey, prefer },
            json: { content: `Fact ${Math.random()}: ${text}` },
          });
          expect([201, 202]).toContain(upload.status);
          expect(upload.status === 202).toBe(prefersRespondAsync(prefer));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('never fail a replacement or a reindex: each is 200 or 202, never an error', async () => {
    const uploaded = await server.request('/upload-doc', {
      method: 'POST',
      headers: { 'x-api-key': apiKey },
      json: { content: `Fact ${Math.random()}: the counter closes at noon.` },
    });
    const { id } = uploaded.body.document as { id: string };
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary-ascii', maxLength: 200 }).filter((value) => /^[\x20-\x7e\t]*$/.test(value)),
        fc.boolean(),
        async (prefer, replace) => {
          const answer = replace
            ? await server.request(`/documents/${id}`, {
                method: 'PUT',
                headers: { 'x-api-key': apiKey, prefer },
                json: { content: `Fact ${Math.random()}: the counter closes at noon.` },
              })
            : await server.request(`/documents/${id}/reindex`, {
                method: 'POST',
                headers: { 'x-api-key': apiKey, prefer },
              });
          // A run of an earlier request may still hold the document: then 409, as without the header.
          expect([200, 202, 409]).toContain(answer.status);
          if (answer.status === 202) expect(prefersRespondAsync(prefer)).toBe(true);
          if (answer.status === 409) expect(answer.body.error.code).toBe('conflict');
        },
      ),
      { numRuns: 30 },
    );
    const final = await settled(apiKey, id);
    expect(final.status).toBe('ready');
  });
});

describe('prefersRespondAsync', () => {
  it('never throws, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        expect(typeof prefersRespondAsync(header)).toBe('boolean');
      }),
    );
  });

  it('reads the preference as RFC 7240 writes it', () => {
    expect(prefersRespondAsync('respond-async')).toBe(true);
    expect(prefersRespondAsync('Respond-Async')).toBe(true);
    expect(prefersRespondAsync('return=minimal, respond-async; foo=bar')).toBe(true);
    expect(prefersRespondAsync(' wait=5 ,respond-async')).toBe(true);
    expect(prefersRespondAsync('foo="a, respond-async"')).toBe(false);
    expect(prefersRespondAsync('respond-asynchronously')).toBe(false);
    expect(prefersRespondAsync('')).toBe(false);
    expect(prefersRespondAsync(undefined)).toBe(false);
  });
});
