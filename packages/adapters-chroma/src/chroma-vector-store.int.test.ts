import { randomUUID } from 'node:crypto';
import { InMemoryDatabase, InMemoryUnitOfWork, vectorStoreContract } from '@chatbuddy/core/testing';
import { ChromaClient } from 'chromadb';
import { afterAll, describe, expect, it } from 'vitest';
import { ChromaVectorStore } from './chroma-vector-store.js';

const url = process.env.CHROMA_URL;
// A prefix per run keeps this file's collections apart from other runs on the same server.
const collectionPrefix = `test-${randomUUID().slice(0, 8)}-`;

describe.skipIf(!url)('ChromaVectorStore', () => {
  afterAll(async () => {
    const { hostname, port } = new URL(url!);
    const client = new ChromaClient({
      host: hostname,
      port: Number(port || 80),
      ...(process.env.CHROMA_TENANT ? { tenant: process.env.CHROMA_TENANT } : {}),
      ...(process.env.CHROMA_DATABASE ? { database: process.env.CHROMA_DATABASE } : {}),
    });
    for (const collection of await client.listCollections({ limit: 1_000 })) {
      if (collection.name.startsWith(collectionPrefix))
        await client.deleteCollection({ name: collection.name });
    }
  });

  const makeStore = () =>
    new ChromaVectorStore({
      url: url!,
      tenant: process.env.CHROMA_TENANT,
      database: process.env.CHROMA_DATABASE,
      collectionPrefix,
      timeoutMs: 10_000,
    });

  vectorStoreContract('ChromaVectorStore', {
    makeSubject: makeStore,
    numRuns: 10,
    // Any unit of work: Chroma's writes never go through the database's.
    unitOfWork: () => new InMemoryUnitOfWork(new InMemoryDatabase()),
  });

  it('recovers when another instance drops a collection it has cached', async () => {
    const [one, two] = [makeStore(), makeStore()];
    const projectId = randomUUID();
    const entry = (id: string) => ({
      chunk: {
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
      },
      embedding: [1, 0, 0],
    });
    await one.upsert(projectId, [entry('first')]);
    await two.dropProject(projectId);
    expect(await one.query(projectId, { embedding: [1, 0, 0], topK: 3 })).toEqual([]);
    await one.upsert(projectId, [entry('second')]);
    expect(await two.listChunkIds(projectId, 'document-1')).toEqual(['second']);
    await one.dropProject(projectId);
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
