import type { RetrieverOptions } from './retriever.js';

/** Defaults measured with `packages/evaluation/scripts/eval-retrieval.ts` (docs/retrieval.md). */
export const defaultRetrieverOptions: RetrieverOptions = {
  candidates: 50,
  fusion: { method: 'normalised', rrfK: 60, vectorWeight: 0.2 },
  rerank: { fused: 1, coverage: 0.1, sentenceCoverage: 0.1, headingCoverage: 0.2 },
  // Logistic fitted on SQuAD 2.0 tuning questions: in-corpus answerable (1) vs out-of-corpus (0),
  // with the local embedder `local:hash-512@2` (its cosines feed `vectorScore`).
  confidence: { intercept: -7.45, coverage: 6.22, sentenceCoverage: 5.27, vectorScore: 4.4, agreement: 0.63 },
  // Chosen on the production path (`chatbuddy eval --dataset squad`, PGlite + BM25, 1,775 tuning
  // questions), inside the band where both the answer and the abstain targets hold (docs/retrieval.md).
  answerThreshold: 0.42,
};
