import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Embedder, Retriever, type RetrieverOptions, type TokenCounter } from '@chatbuddy/core';
import { mean, mrrAtK, ndcgAtK, recallAtK } from '../../src/metrics.js';
import { ingest, type KnowledgePorts } from './knowledge-base.js';
import {
  type KnowledgeSnapshot,
  readSnapshot,
  recordingVectorStore,
  snapshotPorts,
  writeSnapshot,
} from './knowledge-snapshot.js';

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** One configuration to score: retriever options and the embedder its vectors are made with. */
export interface SciFactVariant {
  name: string;
  options: RetrieverOptions;
  embedder: Embedder;
}

const projectId = '00000000-0000-4000-8000-00000000beef';

/**
 * Ingests the corpus into `ports` with `embedder` (documents as `chatbuddy eval` uploads them:
 * `title\n\nabstract`, or the abstract alone), then saves every chunk and the lexical top 100 of
 * every query as a snapshot.
 */
async function ingestSnapshot(input: {
  ports: KnowledgePorts;
  corpus: Array<{ _id: string; title: string; text: string }>;
  questions: string[];
  embedder: Embedder;
  tokenCounter: TokenCounter;
  titleInContent: boolean;
}): Promise<KnowledgeSnapshot> {
  const chunks: KnowledgeSnapshot['chunks'] = [];
  const ports = { ...input.ports, vectorStore: recordingVectorStore(input.ports.vectorStore, chunks) };
  const started = performance.now();
  const sourceIds = await ingest(
    ports,
    projectId,
    input.corpus.map((entry) => ({
      id: entry._id,
      title: entry.title,
      content: input.titleInContent && entry.title ? `${entry.title}\n\n${entry.text}` : entry.text,
    })),
    input.embedder,
    input.tokenCounter,
  );
  console.error(`ingested in ${Math.round((performance.now() - started) / 1000)} s`);
  const titles = new Map(input.corpus.map((entry) => [entry._id, entry.title]));
  const documents: KnowledgeSnapshot['documents'] = {};
  for (const [documentId, sourceId] of sourceIds)
    documents[documentId] = [sourceId, titles.get(sourceId) ?? ''];
  const lexical: KnowledgeSnapshot['lexical'] = {};
  for (const question of input.questions) {
    const hits = await input.ports.lexicalIndex.search(projectId, { text: question, topK: 100 });
    lexical[question] = hits.map((hit) => [hit.chunk.id, hit.score]);
  }
  return { projectId, chunks, documents, lexical };
}

/**
 * BEIR SciFact train split: every judged query through `Retriever` for each variant, metrics over
 * documents (a document ranks at its best chunk). The corpus is ingested once into `ports` (or
 * read from `snapshot` when that file exists, written there otherwise); each variant's vectors
 * are then computed with its own embedder into an exact cosine store.
 */
export async function evaluateSciFact(input: {
  data: string;
  ports: KnowledgePorts;
  variants: SciFactVariant[];
  tokenCounter: TokenCounter;
  limit: number;
  snapshot?: string | undefined;
  titleInContent: boolean;
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
  const judged = [...judgements].slice(0, input.limit).filter(([queryId]) => queries.has(queryId));
  let snapshot = input.snapshot ? readSnapshot(input.snapshot) : null;
  if (!snapshot) {
    snapshot = await ingestSnapshot({
      ports: input.ports,
      corpus,
      questions: judged.map(([queryId]) => queries.get(queryId)!),
      embedder: input.variants[0]!.embedder,
      tokenCounter: input.tokenCounter,
      titleInContent: input.titleInContent,
    });
    if (input.snapshot) writeSnapshot(input.snapshot, snapshot);
  }
  const results: Record<string, Record<string, number>> = {};
  for (const variant of input.variants) {
    const ports = await snapshotPorts(snapshot, variant.embedder);
    const retriever = new Retriever(ports, variant.options);
    const scores = {
      ndcg10: [] as number[],
      recall10: [] as number[],
      recall100: [] as number[],
      mrr10: [] as number[],
    };
    const started = performance.now();
    for (const [queryId, relevant] of judged) {
      const question = queries.get(queryId)!;
      const result = await retriever.retrieve(projectId, question, { topK: 100, embedder: variant.embedder });
      const ranked = result.passages.map(
        (passage) => snapshot.documents[passage.chunk.documentId]?.[0] ?? '',
      );
      scores.ndcg10.push(ndcgAtK(ranked, relevant, 10));
      scores.recall10.push(recallAtK(ranked, relevant, 10));
      scores.recall100.push(recallAtK(ranked, relevant, 100));
      scores.mrr10.push(mrrAtK(ranked, relevant, 10));
    }
    results[variant.name] = {
      queries: scores.ndcg10.length,
      documents: corpus.length,
      'nDCG@10': mean(scores.ndcg10),
      'Recall@10': mean(scores.recall10),
      'Recall@100': mean(scores.recall100),
      'MRR@10': mean(scores.mrr10),
      millisecondsPerQuery: (performance.now() - started) / Math.max(1, scores.ndcg10.length),
    };
    console.error(variant.name, JSON.stringify(results[variant.name]));
  }
  return results;
}
