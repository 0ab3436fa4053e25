import type { RetrieverOptions } from './retriever.js';

/** Defaults measured with `packages/adapters-llm/scripts/eval-retrieval.ts` (docs/retrieval.md). */
export const defaultRetrieverOptions: RetrieverOptions = {
  candidates: 50,
  fusion: { method: 'normalized', rrfK: 60, vectorWeight: 0.2 },
  rerank: { fused: 1, coverage: 0, sentenceCoverage: 0, headingCoverage: 0.2 },
  confidence: { intercept: -4, coverage: 4, sentenceCoverage: 3, vectorScore: 2, agreement: 0.5 },
  answerThreshold: 0.5,
};
