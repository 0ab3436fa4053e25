import type { PassageFeatures } from './passage-features.js';
import type { ReplyEvidence } from './reply-support.js';

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

/**
 * Coefficients of the confidence in a given reply: a logistic of the retrieval confidence (as a
 * logit) and the reply's evidence (`ReplyEvidence`).
 */
export interface ReplyConfidenceModel {
  intercept: number;
  retrieval: number;
  support: number;
  answerType: number;
  order: number;
  negation: number;
}

const logit = (probability: number) => {
  const clamped = Math.min(Math.max(probability, 1e-6), 1 - 1e-6);
  return Math.log(clamped / (1 - clamped));
};

/**
 * Confidence in 0..1 that a given reply answers the question: the passage evidence (retrieval
 * confidence) and what the reply itself addresses, so a reply that quotes a weakly matching part
 * of a good passage is not reported as sure.
 */
export function replyConfidenceOf(
  retrievalConfidence: number,
  evidence: ReplyEvidence,
  model: ReplyConfidenceModel,
): number {
  const value =
    model.intercept +
    model.retrieval * logit(retrievalConfidence) +
    model.support * evidence.support +
    model.answerType * evidence.answerType +
    model.order * evidence.order +
    model.negation * evidence.negation;
  return 1 / (1 + Math.exp(-value));
}
