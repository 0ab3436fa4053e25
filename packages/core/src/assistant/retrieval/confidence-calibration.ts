import type { ConfidenceModel, ReplyConfidenceModel } from './confidence.js';

/**
 * How confident retrieval is, and when that is enough to answer, for vectors of one embedding
 * model: the `vectorScore` feature is that model's cosine, whose scale differs between models.
 */
export interface ConfidenceCalibration {
  /** The embedding model whose cosines the coefficients were fitted on. */
  fittedWith: string;
  model: ConfidenceModel;
  /** Minimum confidence to answer. */
  answerThreshold: number;
  /** Confidence in the reply given (reported with the answer), from retrieval and reply evidence. */
  reply: ReplyConfidenceModel;
  /** True when fitted on the model it is used for; false for the borrowed fallback. */
  calibrated: boolean;
}

/** Calibrations by embedding model (the project's recorded `embeddingModel`), and the fallback. */
export interface ConfidenceCalibrations {
  byModel: Readonly<Record<string, ConfidenceCalibration>>;
  /** For every model without an entry of its own. */
  fallback: ConfidenceCalibration;
}

/** The calibration chosen for one retrieval, as reported with its result. */
export interface AppliedCalibration extends ConfidenceCalibration {
  /** The embedding model of the question's vector (the project's). */
  embeddingModel: string;
}

/**
 * The local embedder's fit: logistic on SQuAD 2.0 tuning questions, in-corpus answerable (1) vs
 * out-of-corpus (0); threshold chosen on the production path (`chatbuddy eval --dataset squad`,
 * PGlite + BM25, 1,775 tuning questions) inside the band where both the answer and the abstain
 * targets hold (docs/retrieval.md).
 */
export const localCalibration: ConfidenceCalibration = Object.freeze({
  fittedWith: 'local:hash-512@2',
  model: Object.freeze({
    intercept: -7.45,
    coverage: 6.22,
    sentenceCoverage: 5.27,
    vectorScore: 4.4,
    agreement: 0.63,
  }),
  answerThreshold: 0.38,
  // Fitted on the answered SQuAD tuning questions, reply right (gold answer quoted) vs not.
  reply: Object.freeze({
    intercept: -4.07,
    retrieval: 0.13,
    support: 3.03,
    answerType: 0.94,
    order: 0.98,
    negation: -0.83,
  }),
  calibrated: true,
});

/**
 * Hosted embedders (OpenAI, Gemini, Ollama models) and other local variants have not been
 * evaluated: they use the local fit as it is, marked uncalibrated, until a fit on their own
 * cosines is added to `confidenceCalibrations` (docs/retrieval.md).
 */
export const uncalibratedFallback: ConfidenceCalibration = Object.freeze({
  ...localCalibration,
  calibrated: false,
});

/** The product's calibrations. */
export const confidenceCalibrations: ConfidenceCalibrations = Object.freeze({
  byModel: Object.freeze({ [localCalibration.fittedWith]: localCalibration }),
  fallback: uncalibratedFallback,
});

/** The calibration for vectors of `embeddingModel`: its own entry, else the fallback. */
export function calibrationFor(
  embeddingModel: string,
  calibrations: ConfidenceCalibrations = confidenceCalibrations,
): AppliedCalibration {
  const own = Object.hasOwn(calibrations.byModel, embeddingModel)
    ? calibrations.byModel[embeddingModel]
    : undefined;
  return { ...(own ?? calibrations.fallback), embeddingModel };
}
