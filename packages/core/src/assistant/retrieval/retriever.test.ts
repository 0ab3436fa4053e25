import { describe, expect, it } from 'vitest';
import type { Chunk, KnowledgeDocument } from '../../knowledge/document.js';
import { FakeEmbedder } from '../../testing/fake-embedder.js';
import { createInMemoryPorts } from '../../testing/in-memory-ports.js';
import { fuseRankings } from './fusion.js';
import { Retriever } from './retriever.js';

const projectId = 'project-1';
const at = new Date('2026-01-01T00:00:00Z');

function document(id: string, title: string): KnowledgeDocument {
  return {
    id,
    projectId,
    title,
    content: '',
    contentHash: `hash-${id}`,
    mimeType: 'text/plain',
    filename: null,
    metadata: {},
    status: 'ready',
    failureReason: null,
    chunkCount: 1,
    embeddingModel: 'fake:bow-64',
    version: 1,
    sizeBytes: 0,
    createdAt: at,
    updatedAt: at,
    indexedAt: at,
  };
}

function chunk(id: string, documentId: string, text: string, headingPath: string[] = []): Chunk {
  return {
    id,
    projectId,
    documentId,
    position: 0,
    text,
    headingPath,
    tokenCount: 10,
    charStart: 0,
    charEnd: text.length,
    metadata: {},
  };
}

async function setup() {
  const ports = createInMemoryPorts();
  const embedder = new FakeEmbedder();
  const texts = {
    refunds: chunk('c-refund', 'd-refund', 'Refunds are paid to the original card within 14 days.', [
      'Refunds',
    ]),
    hours: chunk('c-hours', 'd-hours', 'The shop opens at 9 and closes at 17 on weekdays.', [
      'Opening hours',
    ]),
    shipping: chunk('c-ship', 'd-ship', 'Parcels ship with a tracked courier in two working days.', [
      'Shipping',
    ]),
  };
  for (const [name, row] of Object.entries(texts)) {
    await ports.documents.create(document(row.documentId, name));
    await ports.documents.replaceChunks(projectId, row.documentId, [row]);
    const [embedding] = await embedder.embed([row.text], { purpose: 'document' });
    await ports.vectorStore.upsert(projectId, [{ chunk: row, embedding: embedding! }]);
  }
  const retriever = new Retriever({ ...ports, embedder });
  return { ports, embedder, retriever };
}

describe('Retriever', () => {
  it('ranks the supporting chunk first with its document title and a confident answer', async () => {
    const { retriever } = await setup();
    const result = await retriever.retrieve(projectId, 'How many days until refunds are paid?', { topK: 2 });
    expect(result.passages[0]?.chunk.id).toBe('c-refund');
    expect(result.passages[0]?.title).toBe('refunds');
    expect(result.passages.length).toBeLessThanOrEqual(2);
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.answerable).toBe(true);
  });

  it('abstains on a question the documents do not cover', async () => {
    const { retriever } = await setup();
    const result = await retriever.retrieve(projectId, 'Which octopus species has blue blood?');
    expect(result.confidence).toBeLessThan(0.5);
    expect(result.answerable).toBe(false);
  });

  it('never returns a chunk whose row is gone (stale vectors and index entries)', async () => {
    const { ports, retriever } = await setup();
    await ports.documents.replaceChunks(projectId, 'd-refund', []);
    const result = await retriever.retrieve(projectId, 'How many days until refunds are paid?');
    expect(result.passages.map((passage) => passage.chunk.id)).not.toContain('c-refund');
  });

  it('returns the current chunk row, not the copy stored with the vector', async () => {
    const { ports, retriever } = await setup();
    const updated = chunk('c-refund', 'd-refund', 'Refunds are paid within 30 days now.', ['Refunds']);
    await ports.documents.replaceChunks(projectId, 'd-refund', [updated]);
    const result = await retriever.retrieve(projectId, 'When are refunds paid?');
    expect(result.passages[0]?.chunk.text).toBe(updated.text);
  });

  it('searches once more when a swap during its searches left it nothing current to answer with', async () => {
    const { ports, embedder, retriever } = await setup();
    const question = 'How many days until refunds are paid?';
    // The refund document is replaced: its new row and vector are in, the old vector not yet gone.
    const replaced = chunk(
      'c-refund-2',
      'd-refund',
      'Refunds are paid to the original card within 10 days.',
      ['Refunds'],
    );
    await ports.documents.replaceChunks(projectId, 'd-refund', [replaced]);
    const [embedding] = await embedder.embed([replaced.text], { purpose: 'document' });
    await ports.vectorStore.upsert(projectId, [{ chunk: replaced, embedding: embedding! }]);
    // Both searches read before the swap, the rows after it: every refund hit is of the old row.
    const search = ports.lexicalIndex.search.bind(ports.lexicalIndex);
    const old = chunk('c-refund', 'd-refund', 'Refunds are paid to the original card within 14 days.', [
      'Refunds',
    ]);
    let searches = 0;
    ports.lexicalIndex.search = async (project, query) => {
      searches += 1;
      return searches === 1 ? [{ chunk: old, score: 9 }] : search(project, query);
    };
    const vectors = ports.vectorStore.query.bind(ports.vectorStore);
    let queries = 0;
    ports.vectorStore.query = async (project, query) => {
      queries += 1;
      const hits = await vectors(project, query);
      return queries === 1 ? hits.filter((hit) => hit.chunk.id !== 'c-refund-2') : hits;
    };
    const result = await retriever.retrieve(projectId, question, { topK: 2 });
    expect(searches).toBe(2);
    expect(result.passages[0]?.chunk.id).toBe('c-refund-2');
    expect(result.passages[0]?.lexicalScore).not.toBeNull();
    expect(result.answerable).toBe(true);
    // A result found whole is searched once.
    searches = 1;
    ports.lexicalIndex.search = async (project, query) => {
      searches += 1;
      return search(project, query);
    };
    expect((await retriever.retrieve(projectId, question)).answerable).toBe(true);
    expect(searches).toBe(2);
  });

  it('is empty and not answerable for an empty project', async () => {
    const { embedder } = await setup();
    const retriever = new Retriever({ ...createInMemoryPorts(), embedder });
    expect(await retriever.retrieve(projectId, 'refunds')).toEqual({
      passages: [],
      confidence: 0,
      answerable: false,
      calibration: expect.objectContaining({ embeddingModel: 'fake:bow-64', calibrated: false }),
      evidence: null,
    });
  });

  it('needs an embedder', async () => {
    const retriever = new Retriever(createInMemoryPorts());
    await expect(retriever.retrieve(projectId, 'refunds')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('fuseRankings', () => {
  const a = chunk('a', 'd', 'a');
  const b = chunk('b', 'd', 'b');
  const c = chunk('c', 'd', 'c');

  it('adds reciprocal ranks (k = 60)', () => {
    const fused = fuseRankings(
      [
        { chunk: a, score: 0.9 },
        { chunk: b, score: 0.5 },
      ],
      [
        { chunk: b, score: 7 },
        { chunk: c, score: 3 },
      ],
      { method: 'rrf', rrfK: 60, vectorWeight: 0.5 },
    );
    expect(fused.map((candidate) => candidate.chunk.id)).toEqual(['b', 'a', 'c']);
    expect(fused[0]?.score).toBeCloseTo(1 / 62 + 1 / 61, 10);
    expect(fused[0]).toMatchObject({ vectorRank: 2, lexicalRank: 1, vectorScore: 0.5, lexicalScore: 7 });
  });

  it('mixes min-max normalised scores', () => {
    const fused = fuseRankings(
      [
        { chunk: a, score: 0.9 },
        { chunk: b, score: 0.5 },
      ],
      [
        { chunk: b, score: 7 },
        { chunk: c, score: 3 },
      ],
      { method: 'normalised', rrfK: 60, vectorWeight: 0.25 },
    );
    // a: 0.25 * 1; b: 0.25 * 0 + 0.75 * 1; c: 0.75 * 0
    expect(fused.map((candidate) => [candidate.chunk.id, candidate.score])).toEqual([
      ['b', 0.75],
      ['a', 0.25],
      ['c', 0],
    ]);
  });
});
