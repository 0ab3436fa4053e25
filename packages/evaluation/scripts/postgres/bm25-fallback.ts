/**
 * Measures the SQL BM25 path (PostgresLexicalIndex, the fallback when the search mirror is not
 * ready) over ~10,000 SciFact chunks: the time to write them (chunk rows and BM25 terms), then the
 * latency of 50 SciFact queries (3 rounds) before and after `maintain` (vacuum analyze). Chunk ids
 * are deterministic, so `--scores FILE` writes every query's top 10 (chunk id, score) and two runs
 * (e.g. before and after a schema change) can be compared with `diff`.
 *
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/postgres/bm25-fallback.ts \
 *     [--url postgres://postgres@127.0.0.1:5432/postgres] [--server-only] [--scores /tmp/scores.json] [--explain]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultBm25Parameters } from '@chatbuddy/core';
import { CompiledQuery } from 'kysely';
import { makeDocument, makeProject, makeUser } from '@chatbuddy/core/testing';
import {
  createPostgresPersistence,
  type PostgresPersistenceOptions,
  PostgresLexicalIndex,
} from '@chatbuddy/adapters-postgres';
import { bm25Statement } from '../../../adapters-postgres/src/search/postgres-lexical-index.js';
import { median, onEachStore, passageChunks, sciFactPassages, time } from './scifact-run.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    dataset: { type: 'string', default: '/work/shared/datasets/beir-scifact' },
    'server-only': { type: 'boolean', default: false },
    scores: { type: 'string' },
    explain: { type: 'boolean', default: false },
  },
});

const passages = sciFactPassages(values.dataset);
const questions = readFileSync(`${values.dataset}/queries.jsonl`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, 50)
  .map((line) => (JSON.parse(line) as { text: string }).text);

const uuid = (kind: number, index: number) =>
  `00000000-0000-4000-8${kind}00-${index.toString(16).padStart(12, '0')}`;

async function measure(label: string, options: PostgresPersistenceOptions) {
  const persistence = await createPostgresPersistence(options);
  const scores: Record<string, Array<[string, number]>> = {};
  try {
    await persistence.migrate();
    const { users, projects, documents } = persistence.repositories;
    const owner = await users.create(makeUser());
    const project = await projects.create(makeProject(owner.id));
    const index = new PostgresLexicalIndex(persistence.db);
    const loadMs = await time(async () => {
      for (let start = 0; start < passages.length; start += 20) {
        const document = await documents.create(makeDocument(project.id, { id: uuid(1, start) }));
        const chunks = passageChunks(project.id, document.id, passages.slice(start, start + 20), (position) =>
          uuid(2, start + position),
        );
        await documents.replaceChunks(project.id, document.id, chunks);
      }
    });
    const queries = async () => {
      const samples = [];
      for (let round = 0; round < 3; round++)
        for (const text of questions) {
          samples.push(
            await time(async () => {
              const hits = await index.search(project.id, { text, topK: 10 });
              scores[text] = hits.map((hit) => [hit.chunk.id, hit.score]);
            }),
          );
        }
      return { medianMs: Math.round(median(samples) * 10) / 10, maxMs: Math.round(Math.max(...samples)) };
    };
    const unmaintained = await queries();
    await persistence.maintain();
    const maintained = await queries();
    if (values.explain) {
      const compiled = bm25Statement(project.id, questions[0]!, 10, null, defaultBm25Parameters).compile(
        persistence.db,
      );
      const plan = await persistence.db.executeQuery(
        CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]),
      );
      for (const row of plan.rows) console.log(Object.values(row as object)[0]);
    }
    console.log(
      JSON.stringify({
        dialect: label,
        chunks: await documents.countChunks(project.id),
        loadSeconds: Math.round(loadMs / 100) / 10,
        queries: questions.length * 3,
        unmaintained,
        maintained,
      }),
    );
    if (values.scores)
      writeFileSync(`${values.scores}.${label}.json`, `${JSON.stringify(scores, null, 1)}\n`);
  } finally {
    await persistence.close();
  }
}

await onEachStore({ url: values.url, serverOnly: values['server-only'] }, measure);
