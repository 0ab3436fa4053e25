import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Embedder,
  type TokenCounter,
  mean,
  mrrAtK,
  ndcgAtK,
  type Retriever,
  recallAtK,
} from '@chatbuddy/core';
import { ingest, type KnowledgePorts } from './knowledge-base.js';

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** BEIR SciFact train split: ingest the corpus, run every judged query, average the metrics. */
export async function evaluateSciFact(input: {
  data: string;
  ports: KnowledgePorts;
  embedder: Embedder;
  retrievers: Array<{ name: string; retriever: Retriever }>;
  tokenCounter: TokenCounter;
  limit: number;
}): Promise<Record<string, Record<string, number>>> {
  const corpus = readJsonLines<{ _id: string; title: string; text: string }>(
    join(input.data, 'corpus.jsonl'),
  );
  const queries = new Map(
    readJsonLines<{ _id: string; text: string }>(join(input.data, 'queries.jsonl')).map((query) => [
      query._id,
      query.text,
    ]),
  );
  const judgements = new Map<string, Map<string, number>>();
  for (const line of readFileSync(join(input.data, 'qrels', 'train.tsv'), 'utf8')
    .split('\n')
    .slice(1)) {
    const [queryId, documentId, score] = line.trim().split('\t');
    if (!queryId || !documentId) continue;
    const judged = judgements.get(queryId) ?? judgements.set(queryId, new Map()).get(queryId)!;
    judged.set(documentId, Number(score));
  }
  const projectId = '00000000-0000-4000-8000-00000000beef';
  const started = performance.now();
  const sourceIds = await ingest(
    input.ports,
    projectId,
    corpus.map((entry) => ({ id: entry._id, title: entry.title, content: entry.text })),
    input.embedder,
    input.tokenCounter,
  );
  const ingestSeconds = (performance.now() - started) / 1000;
  const results: Record<string, Record<string, number>> = {};
  for (const { name, retriever } of input.retrievers) {
    const scores = {
      ndcg10: [] as number[],
      recall10: [] as number[],
      recall100: [] as number[],
      mrr10: [] as number[],
    };
    const queryStarted = performance.now();
    for (const [queryId, judged] of [...judgements].slice(0, input.limit)) {
      const question = queries.get(queryId);
      if (question === undefined) continue;
      const result = await retriever.retrieve(projectId, question, { topK: 100, embedder: input.embedder });
      const ranked = result.passages.map((passage) => sourceIds.get(passage.chunk.documentId) ?? '');
      scores.ndcg10.push(ndcgAtK(ranked, judged, 10));
      scores.recall10.push(recallAtK(ranked, judged, 10));
      scores.recall100.push(recallAtK(ranked, judged, 100));
      scores.mrr10.push(mrrAtK(ranked, judged, 10));
    }
    results[name] = {
      queries: scores.ndcg10.length,
      documents: corpus.length,
      'nDCG@10': mean(scores.ndcg10),
      'Recall@10': mean(scores.recall10),
      'Recall@100': mean(scores.recall100),
      'MRR@10': mean(scores.mrr10),
      ingestSeconds,
      millisecondsPerQuery: (performance.now() - queryStarted) / Math.max(1, scores.ndcg10.length),
    };
    console.error(name, JSON.stringify(results[name]));
  }
  return results;
}
