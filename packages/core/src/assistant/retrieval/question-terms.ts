import { analyse } from './text/analysis.js';

/** Content terms of a question with their weights (longer, rarer words weigh more). */
export interface QuestionTerms {
  terms: Map<string, number>;
  total: number;
}

/** Weight of a stemmed question term: how telling it is when found (an idf). */
export type TermWeight = (term: string) => number;

/**
 * The default weight, a fixed idf stand-in (Zipf: longer words are rarer). Adapters may supply a
 * better one, e.g. the local provider's `englishTermWeight` from general-English frequencies.
 */
export function lengthTermWeight(term: string): number {
  return Math.sqrt(Math.min(term.length, 12));
}

/** Distinct content terms of `question` with weights. */
export function questionTerms(question: string, termWeight: TermWeight = lengthTermWeight): QuestionTerms {
  const terms = new Map<string, number>();
  for (const term of analyse(question)) terms.set(term, termWeight(term));
  let total = 0;
  for (const weight of terms.values()) total += weight;
  return { terms, total };
}
