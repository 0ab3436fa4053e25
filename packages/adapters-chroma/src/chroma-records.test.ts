import { isDomainError } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import {
  checkCollectionPrefix,
  collectionName,
  fromRecord,
  isVanishedRecord,
  toRecords,
} from './chroma-records.js';

const chromaName = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$/;

const chunk = {
  id: 'chunk-1',
  projectId: 'project-1',
  documentId: 'document-1',
  position: 4,
  text: 'Refunds within 30 days ✓ "quoted"',
  headingPath: ['Policies', 'Refunds'],
  tokenCount: 9,
  charStart: 120,
  charEnd: 153,
  metadata: { page: 3, tags: ['a', 'b'], nested: { ok: true }, none: null },
};

describe('collectionName', () => {
  it('uses the project id as is when Chroma accepts it', () => {
    const id = '3f1c2a8e-8c1e-4c55-9d55-0a6c2f4b9e10';
    expect(collectionName('chatbuddy-', id)).toBe(`chatbuddy-${id}`);
  });

  it('hex-encodes other ids so every name is valid and distinct', () => {
    const ids = ['p.1', 'p..1', 'a b', 'ends-', 'x-70', 'é', '-'];
    const names = ids.map((id) => collectionName('cb-', id));
    for (const name of names) expect(name).toMatch(chromaName);
    expect(new Set(names).size).toBe(ids.length);
  });

  it('refuses empty and over-long ids with invalid_input', () => {
    for (const id of ['', 'x'.repeat(600)]) {
      const error = (() => {
        try {
          collectionName('cb-', id);
        } catch (caught) {
          return caught;
        }
      })();
      expect(isDomainError(error) && error.code).toBe('invalid_input');
    }
  });

  it('checks the prefix', () => {
    expect(checkCollectionPrefix('tenant-a.')).toBe('tenant-a.');
    expect(() => checkCollectionPrefix('-bad')).toThrow(/prefix/);
    expect(() => checkCollectionPrefix('a/b')).toThrow(/prefix/);
  });
});

describe('records', () => {
  it('round-trips a chunk through Chroma columns', () => {
    const records = toRecords('project-1', [{ chunk, embedding: [0.1, 0.2] }]);
    expect(records.ids).toEqual(['chunk-1']);
    expect(records.documents).toEqual([chunk.text]);
    expect(records.metadatas[0]).toMatchObject({ documentId: 'document-1', chunkId: 'chunk-1', position: 4 });
    expect(fromRecord(records.ids[0]!, records.documents[0]!, records.metadatas[0]!)).toEqual(chunk);
  });

  it('keeps only the vector and the document id when the chunks live elsewhere', () => {
    const records = toRecords('project-1', [{ chunk, embedding: [0.1, 0.2] }], { vectorsOnly: true });
    expect(records).toEqual({
      ids: ['chunk-1'],
      embeddings: [[0.1, 0.2]],
      documents: [],
      metadatas: [{ documentId: 'document-1' }],
    });
    expect(() => toRecords('other', [{ chunk, embedding: [1] }], { vectorsOnly: true })).toThrow(
      /another project/,
    );
  });

  it('refuses chunks of another project, bad numbers and mixed dimensions', () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isDomainError(error) ? error.code : 'raw';
      }
      return 'none';
    };
    expect(code(() => toRecords('other', [{ chunk, embedding: [1] }]))).toBe('invalid_input');
    expect(code(() => toRecords('project-1', [{ chunk, embedding: [Number.NaN] }]))).toBe('invalid_input');
    expect(code(() => toRecords('project-1', [{ chunk, embedding: [] }]))).toBe('invalid_input');
    expect(
      code(() =>
        toRecords('project-1', [
          { chunk, embedding: [1, 0] },
          { chunk: { ...chunk, id: 'chunk-2' }, embedding: [1, 0, 0] },
        ]),
      ),
    ).toBe('invalid_input');
  });

  it('keeps the last of repeated chunk ids', () => {
    const records = toRecords('project-1', [
      { chunk, embedding: [1, 0] },
      { chunk: { ...chunk, text: 'newer' }, embedding: [0, 1] },
    ]);
    expect(records.ids).toEqual(['chunk-1']);
    expect(records.documents).toEqual(['newer']);
    expect(records.embeddings).toEqual([[0, 1]]);
  });

  it('tells a record deleted during the query (no document, no metadata) from a foreign one', () => {
    expect(isVanishedRecord(null, null)).toBe(true);
    expect(isVanishedRecord('text', null)).toBe(false);
    expect(isVanishedRecord(null, { other: 1 })).toBe(false);
  });

  it('reports a foreign record instead of inventing a chunk', () => {
    expect(() => fromRecord('x', 'text', { other: 1 })).toThrow(/chunk metadata/);
    const broken = { ...toRecords('project-1', [{ chunk, embedding: [1] }]).metadatas[0]!, headingPath: '[' };
    expect(() => fromRecord('x', 'text', broken)).toThrow(/chunk metadata/);
  });
});
