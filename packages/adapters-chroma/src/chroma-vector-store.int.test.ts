import { randomUUID } from 'node:crypto';
import type { Chunk, EmbeddedChunk } from '@chatbuddy/core';
import { InMemoryDatabase, InMemoryUnitOfWork, vectorStoreContract } from '@chatbuddy/core/testing';
import { ChromaClient } from 'chromadb';
import { afterAll, describe, expect, it } from 'vitest';
import { ChromaVectorStore, type ChromaVectorStoreOptions } from './chroma-vector-store.js';

const url = process.env.CHROMA_URL;

/** A chunk of `document-1` whose text is its id. */
const oneTokenChunk = (projectId: string, id: string): Chunk => ({
  id,
  projectId,
  documentId: 'document-1',
  position: 0,
  text: id,
  headingPath: [],
  tokenCount: 1,
  charStart: 0,
  charEnd: id.length,
  metadata: {},
});
// A prefix per run keeps this file's collections apart from other runs on the same server.
const collectionPrefix = `test-${randomUUID().slice(0, 8)}-`;

describe.skipIf(!url)('ChromaVectorStore', () => {
  afterAll(async () => {
    const admin = client();
    for (const collection of await admin.listCollections({ limit: 1_000 })) {
      if (collection.name.startsWith(collectionPrefix))
        await admin.deleteCollection({ name: collection.name });
    }
  });

  const client = () => {
    const { hostname, port } = new URL(url!);
    return new ChromaClient({
      host: hostname,
      port: Number(port || 80),
      ...(process.env.CHROMA_TENANT ? { tenant: process.env.CHROMA_TENANT } : {}),
      ...(process.env.CHROMA_DATABASE ? { database: process.env.CHROMA_DATABASE } : {}),
    });
  };
  const makeStore = (options: Partial<ChromaVectorStoreOptions> = {}) =>
    new ChromaVectorStore({
      url: url!,
      tenant: process.env.CHROMA_TENANT,
      database: process.env.CHROMA_DATABASE,
      collectionPrefix,
      timeoutMs: 10_000,
      ...options,
    });

  /**
   * A store whose chunks live elsewhere, as the server's chunk rows: every chunk it was given,
   * the last version of each id, as the indexer writes rows beside the vectors.
   */
  const besideRows = () => {
    const rows = new Map<string, Chunk>();
    const store = makeStore({
      chunks: async (projectId, ids) =>
        new Map(ids.flatMap((id) => (rows.get(id)?.projectId === projectId ? [[id, rows.get(id)!]] : []))),
    });
    const upsert = store.upsert.bind(store);
    store.upsert = async (projectId: string, chunks: readonly EmbeddedChunk[]) => {
      await upsert(projectId, chunks);
      for (const { chunk } of chunks) rows.set(chunk.id, chunk);
    };
    return { store, rows };
  };

  vectorStoreContract('ChromaVectorStore', {
    makeSubject: () => makeStore(),
    numRuns: 10,
    // Any unit of work: Chroma's writes never go through the database's.
    unitOfWork: () => new InMemoryUnitOfWork(new InMemoryDatabase()),
  });

  vectorStoreContract('ChromaVectorStore (chunks from rows)', {
    makeSubject: () => besideRows().store,
    numRuns: 10,
    unitOfWork: () => new InMemoryUnitOfWork(new InMemoryDatabase()),
  });

  it('keeps no text and no metadata but the document id with the vectors when chunks come from rows, and leaves out hits without a row', async () => {
    const { store, rows } = besideRows();
    const projectId = randomUUID();
    const chunk = (id: string, text: string): Chunk => ({
      id,
      projectId,
      documentId: 'document-1',
      position: 0,
      text,
      headingPath: ['Guide'],
      tokenCount: 2,
      charStart: 0,
      charEnd: text.length,
      metadata: {},
    });
    await store.upsert(projectId, [
      { chunk: chunk('kept', 'kept text'), embedding: [1, 0, 0] },
      { chunk: chunk('gone', 'gone text'), embedding: [0.9, 0.1, 0] },
    ]);
    const collection = await client().getCollection({ name: `${collectionPrefix}${projectId}` });
    const stored = await collection.get({ include: ['documents', 'metadatas'] });
    expect(stored.documents).toEqual([null, null]);
    // The document id alone: deletes and sweeps filter on it, and Chroma indexes every field.
    expect(stored.metadatas).toEqual([{ documentId: 'document-1' }, { documentId: 'document-1' }]);
    rows.delete('gone');
    const hits = await store.query(projectId, { embedding: [1, 0, 0], topK: 5 });
    expect(hits.map((hit) => hit.chunk)).toEqual([chunk('kept', 'kept text')]);
    expect(hits[0]!.score).toBeCloseTo(1, 5);
    await store.dropProject(projectId);
  });

  it('recovers when another instance drops a collection it has cached', async () => {
    const [one, two] = [makeStore(), makeStore()];
    const projectId = randomUUID();
    const entry = (id: string) => ({ chunk: oneTokenChunk(projectId, id), embedding: [1, 0, 0] });
    await one.upsert(projectId, [entry('first')]);
    await two.dropProject(projectId);
    expect(await one.query(projectId, { embedding: [1, 0, 0], topK: 3 })).toEqual([]);
    await one.upsert(projectId, [entry('second')]);
    expect(await two.listChunkIds(projectId, 'document-1')).toEqual(['second']);
    await one.dropProject(projectId);
  });

  it('stores every vector of upserts sent at once, in fewer requests, with the same id twice kept last', async () => {
    const store = makeStore();
    const projectId = randomUUID();
    const requests: number[] = [];
    const send = (
      store as unknown as { sendUpsert: (p: string, c: readonly EmbeddedChunk[]) => Promise<void> }
    ).sendUpsert;
    (store as unknown as { sendUpsert: typeof send }).sendUpsert = function (p, c) {
      requests.push(c.length);
      return send.call(this, p, c);
    };
    const entry = (documentId: string, id: string, x: number): EmbeddedChunk => ({
      chunk: { ...oneTokenChunk(projectId, id), documentId },
      embedding: [x, 1 - x, 0],
    });
    const documents = Array.from({ length: 8 }, (_, d) =>
      Array.from({ length: 5 }, (_, c) => entry(`document-${d}`, `d${d}-c${c}`, (d * 5 + c) / 40)),
    );
    await Promise.all([
      ...documents.map((chunks) => store.upsert(projectId, chunks)),
      store.upsert(projectId, [entry('document-0', 'd0-c0', 1)]),
    ]);
    expect(requests.length).toBeLessThan(9);
    expect(requests.reduce((sum, count) => sum + count, 0)).toBe(41);
    for (let d = 0; d < 8; d += 1)
      expect((await store.listChunkIds(projectId, `document-${d}`)).sort()).toEqual(
        documents[d]!.map((e) => e.chunk.id).sort(),
      );
    const [top] = await store.query(projectId, { embedding: [1, 0, 0], topK: 1 });
    expect(top!.chunk.id).toBe('d0-c0');
    await store.dropProject(projectId);
  });

  it('rejects a vector of another dimension with invalid_input', async () => {
    const store = makeStore();
    const projectId = randomUUID();
    const chunk = {
      id: 'c-1',
      projectId,
      documentId: 'd-1',
      position: 0,
      text: 't',
      headingPath: [],
      tokenCount: 1,
      charStart: 0,
      charEnd: 1,
      metadata: {},
    };
    await store.upsert(projectId, [{ chunk, embedding: [1, 0, 0] }]);
    await expect(store.query(projectId, { embedding: [1, 0], topK: 1 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(store.upsert(projectId, [{ chunk, embedding: [1, 0] }])).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await store.dropProject(projectId);
  });
});
