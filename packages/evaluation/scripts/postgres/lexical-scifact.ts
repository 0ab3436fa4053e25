/**
 * Measures the BM25 lexical index alone on BEIR SciFact (train queries): loads every abstract as
 * one document with one chunk into an in-memory PGlite database through the repositories, then
 * reports nDCG@10, Recall@100 and query latency.
 *
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/postgres/lexical-scifact.ts \
 *     [--dataset /work/shared/datasets/beir-scifact] [--k1 0.9] [--b 0.4] [--url postgres://…]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeDocument, makeProject, makeUser } from '@chatbuddy/core/testing';
import { createPostgresPersistence, PostgresLexicalIndex } from '@chatbuddy/adapters-postgres';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: '/work/shared/datasets/beir-scifact' },
    k1: { type: 'string', default: '0.9' },
    b: { type: 'string', default: '0.4' },
    url: { type: 'string' },
    limit: { type: 'string' },
  },
});

const readJsonLines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);

const corpus = readJsonLines<{ _id: string; title: string; text: string }>(
  join(values.dataset, 'corpus.jsonl'),
);
const queries = readJsonLines<{ _id: string; text: string }>(join(values.dataset, 'queries.jsonl'));
const relevant = new Map<string, Set<string>>();
for (const line of readFileSync(join(values.dataset, 'qrels/train.tsv'), 'utf8').split('\n').slice(1)) {
  const [queryId, corpusId, score] = line.trim().split('\t');
  if (!queryId || !corpusId || Number(score) <= 0) continue;
  relevant.set(queryId, (relevant.get(queryId) ?? new Set()).add(corpusId));
}
const judged = queries
  .filter((query) => relevant.has(query._id))
  .slice(0, values.limit ? Number(values.limit) : undefined);

const persistence = await createPostgresPersistence(values.url ? { url: values.url } : { dataDir: 'memory' });
try {
  await persistence.migrate();
  const { users, projects, documents } = persistence.repositories;
  const owner = await users.create(makeUser());
  const project = await projects.create(makeProject(owner.id));
  const corpusIdByDocument = new Map<string, string>();
  const loadStarted = performance.now();
  for (const entry of corpus) {
    const document = await documents.create(
      makeDocument(project.id, {
        id: randomUUID(),
        title: entry.title,
        content: entry.text,
        contentHash: entry._id,
      }),
    );
    corpusIdByDocument.set(document.id, entry._id);
    await documents.replaceChunks(project.id, document.id, [
      {
        id: randomUUID(),
        projectId: project.id,
        documentId: document.id,
        position: 0,
        text: entry.text,
        headingPath: [entry.title],
        tokenCount: Math.ceil(entry.text.length / 4),
        charStart: 0,
        charEnd: entry.text.length,
        metadata: {},
      },
    ]);
  }
  await persistence.maintain();
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  const index = new PostgresLexicalIndex(persistence.db, { k1: Number(values.k1), b: Number(values.b) });
  const latencies: number[] = [];
  let ndcg = 0;
  let recall = 0;
  for (const query of judged) {
    const started = performance.now();
    const results = await index.search(project.id, { text: query.text, topK: 100 });
    latencies.push(performance.now() - started);
    const ranked = results
      .map((result) => corpusIdByDocument.get(result.chunk.documentId)!)
      .filter((corpusId) => corpusId !== query._id); // BEIR's --remove-query
    const wanted = relevant.get(query._id)!;
    let dcg = 0;
    ranked.slice(0, 10).forEach((corpusId, rank) => {
      if (wanted.has(corpusId)) dcg += 1 / Math.log2(rank + 2);
    });
    let ideal = 0;
    for (let rank = 0; rank < Math.min(wanted.size, 10); rank++) ideal += 1 / Math.log2(rank + 2);
    ndcg += dcg / ideal;
    recall += ranked.slice(0, 100).filter((corpusId) => wanted.has(corpusId)).length / wanted.size;
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  const mean = latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
  console.log(
    JSON.stringify(
      {
        dialect: persistence.kind,
        documents: corpus.length,
        queries: judged.length,
        k1: Number(values.k1),
        b: Number(values.b),
        ndcgAt10: Number((ndcg / judged.length).toFixed(4)),
        recallAt100: Number((recall / judged.length).toFixed(4)),
        latencyMs: {
          mean: Number(mean.toFixed(2)),
          p50: Number(percentile(0.5).toFixed(2)),
          p95: Number(percentile(0.95).toFixed(2)),
        },
        loadSeconds: Number(loadSeconds.toFixed(1)),
      },
      null,
      2,
    ),
  );
} finally {
  await persistence.close();
}
