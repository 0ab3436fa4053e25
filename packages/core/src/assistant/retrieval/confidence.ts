import type { PassageFeatures } from './passage-features.js';

/** Coefficients of the logistic confidence model (fitted with the evaluation script, docs/retrieval.md). */
export interface ConfidenceModel {
  intercept: number;
  coverage: number;
  sentenceCoverage: number;
  vectorScore: number;
  /** 1 when the best passage is also first in both lists. */
  agreement: number;
}

/** Evidence about the best passage that confidence is computed from. */
export interface ConfidenceEvidence extends PassageFeatures {
  vectorScore: number;
  agreement: number;
}

/** Confidence in 0..1 that the best passage answers the question: a logistic of the evidence. */
export function confidenceOf(evidence: ConfidenceEvidence, model: ConfidenceModel): number {
  const logit =
    model.intercept +
    model.coverage * evidence.coverage +
    model.sentenceCoverage * evidence.sentenceCoverage +
    model.vectorScore * evidence.vectorScore +
    model.agreement * evidence.agreement;
  return 1 / (1 + Math.exp(-logit));
}
