import { analyse, isStopWord, tokenize } from '../../assistant/index.js';
import type { CuratedAnswer } from './curated-answer.js';

/** How a question is compared with curated questions (measured in docs/retrieval.md). */
export interface QuestionMatcherOptions {
  /** Smallest similarity (0..1) that counts as the same question. */
  threshold: number;
  /** General rarity of a stemmed word (everyday English); default: its length, capped. */
  termWeight?: (term: string) => number;
  /** Weight of a word's character n-grams next to the word itself (spelling variants). */
  charGramWeight: number;
  charGramSize: number;
  /**
   * How far the best answer must score above the next different one: two curated answers that
   * fit a question almost equally well make it ambiguous, and chat falls back to retrieval.
   */
  margin: number;
}

export const defaultQuestionMatcherOptions: QuestionMatcherOptions = {
  threshold: 0.6,
  charGramWeight: 0.25,
  charGramSize: 4,
  margin: 0.1,
};

/** A curated answer chosen for a question, with the phrasing that matched and its similarity. */
export interface CuratedMatch {
  answer: CuratedAnswer;
  phrasing: string;
  score: number;
}

type Features = Map<string, number>;

interface Phrasing {
  answer: CuratedAnswer;
  text: string;
  features: Features;
}

const lengthWeight = (term: string) => Math.sqrt(Math.min(term.length, 12));

/**
 * The curated questions of one project, ready to compare with chat questions: stemmed content
 * words weighted by their general rarity and by how few of the project's questions use them,
 * plus character n-grams of the words, compared by cosine. Runs locally; no model is involved.
 */
export class QuestionIndex {
  private readonly phrasings: Phrasing[];
  private readonly phrasingCount: number;
  private readonly documentFrequency = new Map<string, number>();
  private readonly termWeight: (term: string) => number;

  constructor(
    answers: readonly CuratedAnswer[],
    private readonly options: QuestionMatcherOptions = defaultQuestionMatcherOptions,
  ) {
    this.termWeight = options.termWeight ?? lengthWeight;
    const texts = answers.flatMap((answer) =>
      [answer.question, ...answer.alternativeQuestions].map((text) => ({ answer, text })),
    );
    this.phrasingCount = texts.length;
    for (const { text } of texts)
      for (const term of new Set(analyse(text)))
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    this.phrasings = texts.map(({ answer, text }) => ({ answer, text, features: this.features(text) }));
  }

  get size(): number {
    return this.phrasingCount;
  }

  /** The best curated answer for `question` if it is similar enough; null otherwise. */
  match(question: string): CuratedMatch | null {
    const [best, next] = this.rank(question, 2);
    if (!best || best.score < this.options.threshold) return null;
    // The same question stored twice is no ambiguity.
    const rival = next && next.phrasing.toLowerCase() !== best.phrasing.toLowerCase() ? next.score : 0;
    return best.score - rival >= this.options.margin ? best : null;
  }

  /** The `limit` most similar answers (one entry per answer, its best phrasing), best first. */
  rank(question: string, limit = 5): CuratedMatch[] {
    const query = this.features(question);
    if (query.size === 0) return [];
    const best = new Map<string, CuratedMatch>();
    for (const phrasing of this.phrasings) {
      const score = cosine(query, phrasing.features);
      const previous = best.get(phrasing.answer.id);
      if (score > 0 && (!previous || score > previous.score))
        best.set(phrasing.answer.id, { answer: phrasing.answer, phrasing: phrasing.text, score });
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** Rarer words weigh more; a word none of the project's questions uses weighs most. */
  private idf(term: string): number {
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.phrasingCount + 1) / (frequency + 0.5));
  }

  private features(text: string): Features {
    const features: Features = new Map();
    const add = (key: string, weight: number) => features.set(key, (features.get(key) ?? 0) + weight);
    // A word said twice in a question is not twice the topic: each counts once.
    for (const term of new Set(analyse(text))) add(`w:${term}`, this.termWeight(term) * this.idf(term));
    const { charGramWeight, charGramSize } = this.options;
    if (charGramWeight > 0) {
      for (const token of tokenize(text)) {
        if (isStopWord(token) || token.length < charGramSize) continue;
        const padded = `<${token}>`;
        for (let start = 0; start + charGramSize <= padded.length; start++)
          add(`c:${padded.slice(start, start + charGramSize)}`, charGramWeight);
      }
    }
    return features;
  }
}

function cosine(a: Features, b: Features): number {
  let dot = 0;
  for (const [key, weight] of a) dot += weight * (b.get(key) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

function norm(features: Features): number {
  let sum = 0;
  for (const weight of features.values()) sum += weight * weight;
  return Math.sqrt(sum);
}
