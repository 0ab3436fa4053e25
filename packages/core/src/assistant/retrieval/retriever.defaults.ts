import { confidenceCalibrations } from './confidence-calibration.js';
import type { RetrieverOptions } from './retriever.js';

/** Defaults measured with `packages/evaluation/scripts/eval-retrieval.ts` (docs/retrieval.md). */
export const defaultRetrieverOptions: RetrieverOptions = {
  candidates: 50,
  fusion: { method: 'normalised', rrfK: 60, vectorWeight: 0.2 },
  rerank: { fused: 1, coverage: 0.1, sentenceCoverage: 0.1, headingCoverage: 0.2 },
  // Confidence coefficients and answer threshold, per embedding model (confidence-calibration.ts).
  calibrations: confidenceCalibrations,
};
