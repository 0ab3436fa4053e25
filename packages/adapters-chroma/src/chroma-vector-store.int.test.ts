import { randomUUID } from 'node:crypto';
import { vectorStoreContract } from '@chatbuddy/core/testing';
import { ChromaClient } from 'chromadb';
import { afterAll, describe } from 'vitest';
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

  vectorStoreContract('ChromaVectorStore', {
    makeSubject: () => {
      const store = new ChromaVectorStore({
        url: url!,
        tenant: process.env.CHROMA_TENANT,
        database: process.env.CHROMA_DATABASE,
        collectionPrefix,
        timeoutMs: 10_000,
      });
      return store;
    },
    numRuns: 10,
  });
});
