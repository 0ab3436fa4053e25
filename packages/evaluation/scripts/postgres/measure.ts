/**
 * Measures migration time on an empty database, BM25 query latency over ~10,000 chunks and
 * pgvector query latency over 10,000 vectors, on PGlite (in memory) and, with --url, on a
 * PostgreSQL server (a fresh database is created there and dropped afterwards).
 *
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/postgres/measure.ts \
 *     [--url postgres://postgres@127.0.0.1:5432/postgres] [--server-only] [--maintain] [--explain]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Chunk, defaultBm25Parameters } from '@chatbuddy/core';
import { makeDocument, makeProject, makeUser } from '@chatbuddy/core/testing';
import { CompiledQuery } from 'kysely';
import { createPostgresPersistence, type PostgresPersistenceOptions } from '@chatbuddy/adapters-postgres';
import { bm25Statement } from '../../../adapters-postgres/src/search/postgres-lexical-index.js';
import { median, onEachStore, passageChunks, sciFactPassages, time } from './scifact-run.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    dataset: { type: 'string', default: '/work/shared/datasets/beir-scifact' },
    explain: { type: 'boolean', default: false },
    maintain: { type: 'boolean', default: false },
    'server-only': { type: 'boolean', default: false },
    dimensions: { type: 'string', default: '384' },
  },
});

const passages = sciFactPassages(values.dataset);
const questions = [
  'vitamin D deficiency and bone fractures',
  'stem cells regenerate heart tissue after infarction',
  'obesity increases the risk of type 2 diabetes',
  'antibiotic resistance spreads through plasmids',
  'smoking causes lung cancer',
];

async function measure(label: string, options: PostgresPersistenceOptions) {
  const persistence = await createPostgresPersistence(options);
  try {
    const migrationMs = await time(() => persistence.migrate());
    const { users, projects, documents } = persistence.repositories;
    const owner = await users.create(makeUser());
    const project = await projects.create(makeProject(owner.id));
    const vectorRows: Array<{ chunk: Chunk; embedding: number[] }> = [];
    const dimensions = Number(values.dimensions);
    const loadMs = await time(async () => {
      for (let start = 0; start < passages.length; start += 20) {
        const document = await documents.create(makeDocument(project.id, { id: randomUUID() }));
        const chunks = passageChunks(project.id, document.id, passages.slice(start, start + 20), () =>
          randomUUID(),
        );
        await documents.replaceChunks(project.id, document.id, chunks);
        if (vectorRows.length < 10_000)
          for (const chunk of chunks)
            vectorRows.push({
              chunk,
              embedding: Array.from({ length: dimensions }, () => Math.random() - 0.5),
            });
      }
    });
    const chunkCount = await documents.countChunks(project.id);
    if (values.maintain) await persistence.maintain();
    const lexical = [];
    for (let round = 0; round < 3; round++)
      for (const text of questions)
        lexical.push(await time(() => persistence.lexicalIndex.search(project.id, { text, topK: 20 })));
    if (values.explain) {
      const compiled = bm25Statement(project.id, questions[1]!, 20, null, defaultBm25Parameters).compile(
        persistence.db,
      );
      const plan = await persistence.db.executeQuery(
        CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]),
      );
      for (const row of plan.rows) console.log(Object.values(row as object)[0]);
    }
    let vector: Record<string, number> | null = null;
    if (persistence.vectorStore) {
      const store = persistence.vectorStore;
      const upsertMs = await time(async () => {
        for (let start = 0; start < vectorRows.length; start += 500)
          await store.upsert(project.id, vectorRows.slice(start, start + 500));
      });
      if (values.maintain) await persistence.maintain();
      const samples = [];
      for (let round = 0; round < 10; round++) {
        const embedding = Array.from({ length: dimensions }, () => Math.random() - 0.5);
        samples.push(await time(() => store.query(project.id, { embedding, topK: 20 })));
      }
      vector = {
        vectors: vectorRows.length,
        dimensions,
        upsertMs: Math.round(upsertMs),
        queryMedianMs: Math.round(median(samples)),
        queryMaxMs: Math.round(Math.max(...samples)),
      };
    }
    console.log(
      JSON.stringify({
        dialect: label,
        migrationMs: Math.round(migrationMs),
        chunks: chunkCount,
        loadSeconds: Math.round(loadMs / 100) / 10,
        lexicalQueryMedianMs: Math.round(median(lexical) * 10) / 10,
        lexicalQueryMaxMs: Math.round(Math.max(...lexical)),
        vector,
      }),
    );
  } finally {
    await persistence.close();
  }
}

await onEachStore({ url: values.url, serverOnly: values['server-only'] }, measure);
