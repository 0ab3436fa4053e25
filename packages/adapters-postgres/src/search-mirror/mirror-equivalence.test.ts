import type { EmbeddedChunk, ScoredChunk } from '@chatbuddy/core';
import { makeChunk, makeDocument, makeProject, makeUser } from '@chatbuddy/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';
import { PostgresLexicalIndex } from '../search/postgres-lexical-index.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { PgVectorStore } from '../vectors/pg-vector-store.js';

vi.setConfig({ testTimeout: 120_000 });

const vocabulary = [
  'refund',
  'refunds',
  'shipping',
  'europe',
  'office',
  'opens',
  'nine',
  'cards',
  'gift',
  'cash',
  'warranty',
  'battery',
  'returns',
  'days',
  'weekend',
  'support',
  'email',
  'invoice',
  'running',
];
const dimensions = 6;

const sentence = fc
  .array(fc.constantFrom(...vocabulary, 'the', 'and', 'of'), { minLength: 1, maxLength: 12 })
  .map((words) => words.join(' '));
const vector = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: dimensions, maxLength: dimensions });
const operation = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    document: fc.nat(3),
    chunks: fc.array(fc.tuple(sentence, vector), { minLength: 0, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), document: fc.nat(3) }),
  fc.record({ kind: fc.constant('rename' as const), document: fc.nat(3), title: sentence }),
  fc.record({
    kind: fc.constant('search' as const),
    text: sentence,
    embedding: vector,
    filter: fc.boolean(),
  }),
);

/** Same ranking: scores equal to rounding, and the same ids wherever scores are not tied. */
function expectSameRanking(mirrored: readonly ScoredChunk[], direct: readonly ScoredChunk[]): void {
  expect(mirrored.map((hit) => hit.score)).toHaveLength(direct.length);
  mirrored.forEach((hit, index) => {
    const other = direct[index]!;
    expect(Math.abs(hit.score - other.score)).toBeLessThan(1e-6);
    const tied = [...mirrored, ...direct].some(
      (entry) => entry.chunk.id !== hit.chunk.id && Math.abs(entry.score - hit.score) < 1e-6,
    );
    if (!tied) expect(hit.chunk).toEqual(other.chunk);
  });
}

function equivalenceSuite(
  name: string,
  open: () => Promise<{ persistence: PostgresPersistence; drop?: () => Promise<void> }>,
) {
  describe(`search mirror on ${name}`, () => {
    let persistence: PostgresPersistence;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ persistence, drop } = await open());
      await persistence.migrate();
    }, 180_000);

    afterAll(async () => {
      await persistence?.close();
      await drop?.();
    });

    it('property: after any sequence of writes, the mirror ranks exactly as the SQL statements', async () => {
      const { repositories } = persistence;
      const sqlLexical = new PostgresLexicalIndex(persistence.db);
      // A server without pgvector keeps vectors elsewhere: only postings are compared there.
      const sqlVectors = persistence.vectorStore ? new PgVectorStore(persistence.db) : null;
      const owner = await repositories.users.create(makeUser());
      let searches = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 14 }), async (operations) => {
          const project = await repositories.projects.create(makeProject(owner.id));
          const documents = await Promise.all(
            [0, 1, 2, 3].map(() => repositories.documents.create(makeDocument(project.id))),
          );
          let written = false;
          for (const step of operations) {
            if (step.kind === 'search') {
              const documentIds = step.filter ? [documents[0]!.id, documents[2]!.id] : undefined;
              const lexicalQuery = { text: step.text, topK: 5, documentIds };
              const vectorQuery = { embedding: step.embedding, topK: 5, documentIds };
              const [mirroredText, mirroredVectors] = await Promise.all([
                persistence.lexicalIndex.search(project.id, lexicalQuery),
                persistence.vectorStore?.query(project.id, vectorQuery) ?? [],
              ]);
              // Before any search data is written the project has no generation and SQL answers.
              expect(persistence.searchMirror!.mirrored(project.id)).toBe(written);
              expectSameRanking(mirroredText, await sqlLexical.search(project.id, lexicalQuery));
              if (sqlVectors)
                expectSameRanking(mirroredVectors, await sqlVectors.query(project.id, vectorQuery));
              searches += 1;
              continue;
            }
            const document = documents[step.document]!;
            written = true;
            if (step.kind === 'rename') {
              await repositories.documents.update(project.id, document.id, { title: step.title }, new Date());
            } else if (step.kind === 'delete') {
              if (await repositories.documents.delete(project.id, document.id))
                documents[step.document] = await repositories.documents.create(makeDocument(project.id));
            } else {
              const old = (await sqlVectors?.listChunkIds(project.id, document.id)) ?? [];
              const chunks = step.chunks.map(([text], position) =>
                makeChunk(project.id, document.id, position, text),
              );
              const embedded: EmbeddedChunk[] = chunks.map((chunk, index) => ({
                chunk,
                embedding: step.chunks[index]![1],
              }));
              await sqlVectors?.upsert(project.id, embedded);
              await repositories.documents.replaceChunks(project.id, document.id, chunks);
              await sqlVectors?.deleteChunks(project.id, old);
            }
          }
        }),
        { numRuns: 25 },
      );
      expect(searches).toBeGreaterThan(0);
    });

    it('drops the mirror of a deleted project and answers it as empty', async () => {
      const { repositories } = persistence;
      const owner = await repositories.users.create(makeUser());
      const project = await repositories.projects.create(makeProject(owner.id));
      const document = await repositories.documents.create(makeDocument(project.id));
      await repositories.documents.replaceChunks(project.id, document.id, [
        makeChunk(project.id, document.id, 0, 'refunds take fourteen days'),
      ]);
      expect(await persistence.lexicalIndex.search(project.id, { text: 'refunds', topK: 3 })).toHaveLength(1);
      expect(persistence.searchMirror!.mirrored(project.id)).toBe(true);
      await repositories.projects.delete(project.id);
      expect(await persistence.lexicalIndex.search(project.id, { text: 'refunds', topK: 3 })).toEqual([]);
      expect(persistence.searchMirror!.mirrored(project.id)).toBe(false);
    });
  });
}

equivalenceSuite('PGlite', async () => ({
  persistence: await createPostgresPersistence({ dataDir: 'memory', searchMirror: { blockingLoad: true } }),
}));

const serverUrl = process.env.DB_URL;
describe.skipIf(!serverUrl)('PostgreSQL server (DB_URL)', () => {
  let database: TestDatabase | undefined;
  equivalenceSuite('PostgreSQL', async () => {
    database = await createTestDatabase(serverUrl!);
    return {
      persistence: await createPostgresPersistence({
        url: database.url,
        searchMirror: { blockingLoad: true, vectors: true },
      }),
      drop: () => database!.drop(),
    };
  });
});
