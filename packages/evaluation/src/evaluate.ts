import { ModelGateway, Retriever } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { type BeirDataset, evenSample } from './datasets.js';
import { ingest, type Progress, round } from './ingest.js';
import { dedupe, mean, mrrAtK, ndcgAtK, recallAtK } from './metrics.js';

/** Retrieval quality on BEIR data through the same retriever `/chat` uses. */
export async function evaluateBeir(
  runtime: ChatBuddy,
  dataset: BeirDataset,
  options: { limit: number; progress: Progress },
) {
  const { project } = await runtime.projects.create({ name: 'Evaluation (BEIR)' });
  // The project goes when the evaluation ends: against a server's database it would stay.
  try {
    const { bySource, seconds } = await ingest(
      runtime,
      project.id,
      dataset.corpus.map((row) => ({
        sourceId: row.id,
        title: row.title,
        content: row.title ? `${row.title}\n\n${row.text}` : row.text,
      })),
      options.progress,
    );
    const embedder = runtime
      .get<ModelGateway>(ModelGateway)
      .embedder(project.modelProvider, project.embeddingModel);
    const retriever = runtime.get<Retriever>(Retriever);
    const scores = {
      ndcg10: [] as number[],
      recall10: [] as number[],
      recall100: [] as number[],
      mrr10: [] as number[],
      latencyMs: [] as number[],
    };
    const queries = evenSample(dataset.queries, options.limit);
    for (const [index, query] of queries.entries()) {
      const started = performance.now();
      const result = await retriever.retrieve(project.id, query.text, { topK: 100, embedder });
      scores.latencyMs.push(performance.now() - started);
      const ranked = dedupe(
        result.passages
          .map((passage) => bySource.get(passage.chunk.documentId) ?? '')
          .filter((id) => id && id !== query.id),
      );
      const judged = dataset.qrels.get(query.id)!;
      scores.ndcg10.push(ndcgAtK(ranked, judged, 10));
      scores.recall10.push(recallAtK(ranked, judged, 10));
      scores.recall100.push(recallAtK(ranked, judged, 100));
      scores.mrr10.push(mrrAtK(ranked, judged, 10));
      if ((index + 1) % 200 === 0) options.progress(`asked ${index + 1}/${queries.length} queries`);
    }
    const sorted = [...scores.latencyMs].sort((a, b) => a - b);
    return {
      dataset: 'beir',
      documents: bySource.size,
      queries: queries.length,
      ingestSeconds: round(seconds),
      ndcgAt10: round(mean(scores.ndcg10)),
      recallAt10: round(mean(scores.recall10)),
      recallAt100: round(mean(scores.recall100)),
      mrrAt10: round(mean(scores.mrr10)),
      retrievalLatencyMs: {
        p50: round(sorted[Math.floor(sorted.length * 0.5)] ?? 0),
        p95: round(sorted[Math.floor(sorted.length * 0.95)] ?? 0),
      },
    };
  } finally {
    await runtime.projects.remove(project.id);
  }
}
