import { describe, expect, it } from 'vitest';
import type { Chunk } from '../knowledge/document.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryLexicalIndex } from './in-memory-lexical-index.js';

function chunk(id: string, text: string, headingPath: string[] = [], projectId = 'p1'): Chunk {
  return {
    id,
    projectId,
    documentId: `d-${id}`,
    position: 0,
    text,
    headingPath,
    tokenCount: 1,
    charStart: 0,
    charEnd: text.length,
    metadata: {},
  };
}

function index(chunks: Chunk[]) {
  const db = new InMemoryDatabase();
  for (const row of chunks) db.tables.chunks.set(row.id, row);
  return { db, lexical: new InMemoryLexicalIndex(db) };
}

describe('InMemoryLexicalIndex (BM25)', () => {
  it('ranks by BM25: rarer terms weigh more, stems match inflections', async () => {
    const { lexical } = index([
      chunk('a', 'Our shop sells shoes and shoe polish.'),
      chunk('b', 'Refunding an order takes 14 days.'),
      chunk('c', 'Shoes ship in two days.'),
      chunk('d', 'Shoes are comfortable.'),
    ]);
    const hits = await lexical.search('p1', { text: 'refunds for shoes', topK: 10 });
    expect(hits[0]?.chunk.id).toBe('b');
    expect(hits.map((hit) => hit.chunk.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(hits.every((hit, position) => position === 0 || hits[position - 1]!.score >= hit.score)).toBe(
      true,
    );
  });

  it('searches the heading path, honours topK, documents and projects', async () => {
    const { lexical } = index([
      chunk('a', 'Fourteen days.', ['Refunds']),
      chunk('b', 'Two days.', ['Shipping']),
      chunk('c', 'Refunds elsewhere.', [], 'p2'),
    ]);
    expect((await lexical.search('p1', { text: 'refund', topK: 5 })).map((hit) => hit.chunk.id)).toEqual([
      'a',
    ]);
    expect(await lexical.search('p1', { text: 'days', topK: 1 })).toHaveLength(1);
    expect(await lexical.search('p1', { text: 'days', topK: 5, documentIds: ['d-b'] })).toHaveLength(1);
  });

  it('finds nothing for stop words only and follows rewritten chunks', async () => {
    const { db, lexical } = index([chunk('a', 'Refunds take 14 days.')]);
    expect(await lexical.search('p1', { text: 'what is the', topK: 5 })).toEqual([]);
    db.tables.chunks.set('a', chunk('a', 'Exchanges only.'));
    expect(await lexical.search('p1', { text: 'refunds', topK: 5 })).toEqual([]);
  });
});
