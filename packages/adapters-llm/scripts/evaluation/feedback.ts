import { analyze, type Embedder, embeddingText } from '@chatbuddy/core';
import { englishTermWeight } from '../../src/index.js';
import type { KnowledgeSnapshot } from './knowledge-snapshot.js';

// Pseudo-relevance feedback experiments (docs/retrieval.md: neither lifted SciFact nDCG@10).

/** Pseudo-relevance feedback settings: `weight` of the mean vector of the top `hits` lexical hits. */
export interface FeedbackOptions {
  hits: number;
  weight: number;
}

/**
 * An experiment (no product code does this yet): query vectors moved towards the vectors of the
 * question's best lexical hits (Rocchio), `q + weight · mean(top hits)`. The retriever would have
 * to search lexically first and embed those chunks (or read their vectors) before the vector search.
 */
export function feedbackEmbedder(
  embedder: Embedder,
  snapshot: KnowledgeSnapshot,
  feedback: FeedbackOptions,
): Embedder {
  const chunks = new Map(snapshot.chunks.map((chunk) => [chunk.id, chunk]));
  return {
    model: embedder.model,
    dimensions: embedder.dimensions,
    async embed(texts, options) {
      const queries = await embedder.embed(texts, options);
      if (options.purpose !== 'query') return queries;
      return Promise.all(
        texts.map(async (text, index) => {
          const query = queries[index]!;
          const top = (snapshot.lexical[text] ?? []).slice(0, feedback.hits).map(([id]) => chunks.get(id)!);
          if (top.length === 0) return query;
          const vectors = await embedder.embed(
            top.map((chunk) => embeddingText(snapshot.documents[chunk.documentId]?.[1] ?? '', chunk)),
            { purpose: 'document' },
          );
          const moved = query.map(
            (value, dimension) =>
              value +
              (feedback.weight / vectors.length) *
                vectors.reduce((sum, vector) => sum + vector[dimension]!, 0),
          );
          const norm = Math.hypot(...moved) || 1;
          return moved.map((value) => value / norm);
        }),
      );
    },
  };
}

/** Feedback terms: the `terms` rarest-weighted terms of the top `hits` passages, worth up to `weight`. */
export interface ExpansionOptions {
  hits: number;
  terms: number;
  weight: number;
}

/** Experiment: terms frequent in the top passages (weighted by rarity) re-score every passage. */
export function expand<Passage extends { chunk: { text: string }; score: number }>(
  question: string,
  passages: Passage[],
  expansion: ExpansionOptions,
): Passage[] {
  const asked = new Set(analyze(question));
  const sets = passages.map((passage) => new Set(analyze(passage.chunk.text)));
  const weights = new Map<string, number>();
  for (const terms of sets.slice(0, expansion.hits)) {
    for (const term of terms)
      if (!asked.has(term)) weights.set(term, (weights.get(term) ?? 0) + englishTermWeight(term));
  }
  const top = [...weights].sort((a, b) => b[1] - a[1]).slice(0, expansion.terms);
  const total = top.reduce((sum, [, weight]) => sum + weight, 0) || 1;
  const best = passages[0]?.score || 1;
  return passages
    .map((passage, index) => ({
      passage,
      score:
        passage.score / best +
        (expansion.weight *
          top.reduce((sum, [term, weight]) => sum + (sets[index]!.has(term) ? weight : 0), 0)) /
          total,
    }))
    .sort((a, b) => b.score - a.score)
    .map(({ passage }) => passage);
}
