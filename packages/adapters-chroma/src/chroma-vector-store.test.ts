import { isDomainError } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { ChromaVectorStore } from './chroma-vector-store.js';

describe('ChromaVectorStore options', () => {
  it('refuses a malformed URL, batch size or prefix with invalid_input', () => {
    for (const options of [
      { url: 'not a url' },
      { url: 'ftp://db:8000' },
      { url: 'http://db:8000/chroma' },
      { url: 'http://db:8000', batchSize: 0 },
      { url: 'http://db:8000', timeoutMs: 0 },
      { url: 'http://db:8000', collectionPrefix: '.x' },
    ]) {
      let error: unknown;
      try {
        new ChromaVectorStore(options);
      } catch (caught) {
        error = caught;
      }
      expect(isDomainError(error) && error.code).toBe('invalid_input');
    }
  });

  it('refuses a bad query before any network call', async () => {
    const store = new ChromaVectorStore({ url: 'http://127.0.0.1:9' });
    await expect(store.query('p-1', { embedding: [Number.NaN], topK: 1 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(store.query('p-1', { embedding: [1], topK: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(store.query('p-1', { embedding: [1], topK: 1, documentIds: [] })).resolves.toEqual([]);
  });
});
