import {
  analyse,
  type ContextPassage,
  dontKnow,
  looksLikeInstruction,
  questionTerms,
  splitSentences,
  type TermWeight,
} from '@chatbuddy/core';

export interface ExtractiveOptions {
  /** Most sentences quoted in one answer. */
  maxSentences: number;
  /** A sentence must cover at least this weighted share of the question's terms to be quoted. */
  minSupport: number;
  /** A further sentence is added only when its support is at least this share of the best one. */
  followerRatio: number;
  /** Weight of question terms (an idf); core's length-based weight when absent. */
  termWeight?: TermWeight;
}

export const defaultExtractiveOptions: ExtractiveOptions = {
  maxSentences: 2,
  minSupport: 0.2,
  followerRatio: 0.8,
};

interface ScoredSentence {
  text: string;
  passage: number;
  position: number;
  support: number;
}

/** Scores every sentence of the passages by weighted question-term coverage, rank as tie-break. */
function scoreSentences(
  question: string,
  passages: readonly ContextPassage[],
  termWeight?: TermWeight,
): ScoredSentence[] {
  const terms = questionTerms(question, termWeight);
  if (terms.total === 0) return [];
  const scored: ScoredSentence[] = [];
  passages.forEach((passage, passageIndex) => {
    splitSentences(passage.text).forEach((text, position) => {
      // Text addressed to a model rather than a reader is never quoted as an answer.
      if (looksLikeInstruction(text)) return;
      const present = new Set(analyse(text));
      let found = 0;
      for (const [term, weight] of terms.terms) if (present.has(term)) found += weight;
      // Earlier (better retrieved) passages win ties and near-ties.
      const support = found / terms.total - passageIndex * 0.01;
      scored.push({ text, passage: passageIndex, position, support });
    });
  });
  return scored.sort((a, b) => b.support - a.support || a.passage - b.passage || a.position - b.position);
}

/**
 * Composes a short extractive answer: the best-supported sentence, plus close runners-up,
 * in document order; `I don't know.` when no sentence supports the question enough.
 */
export function extractAnswer(
  question: string,
  passages: readonly ContextPassage[],
  overrides: Partial<ExtractiveOptions> = {},
): { text: string; support: number } {
  const options = { ...defaultExtractiveOptions, ...overrides };
  const ranked = scoreSentences(question, passages, options.termWeight);
  const best = ranked[0];
  if (!best || best.support < options.minSupport) return { text: dontKnow, support: best?.support ?? 0 };
  const chosen = [best];
  for (const sentence of ranked.slice(1)) {
    if (chosen.length >= options.maxSentences) break;
    if (sentence.support >= best.support * options.followerRatio && sentence.text !== best.text)
      chosen.push(sentence);
  }
  chosen.sort((a, b) => a.passage - b.passage || a.position - b.position);
  return { text: chosen.map((sentence) => sentence.text).join(' '), support: best.support };
}
