import { BoundedMap } from '../../shared/bounded-map.js';
import { splitSentences } from '../../shared/sentences.js';
import type { QuestionTerms } from './question-terms.js';
import { analyse, languageOf } from './text/analysis.js';
import type { TextLanguage } from './text/language.js';

/** Evidence of how well one passage covers a question. */
export interface PassageFeatures {
  /** Weighted share of the question's content terms found in the passage (0..1). */
  coverage: number;
  /** The same share within the passage's best single sentence (0..1): terms close together. */
  sentenceCoverage: number;
  /** Weighted share of question terms found in the heading path (0..1). */
  headingCoverage: number;
}

function share(question: QuestionTerms, present: ReadonlySet<string>): number {
  if (question.total === 0) return 0;
  let found = 0;
  for (const [term, weight] of question.terms) if (present.has(term)) found += weight;
  return found / question.total;
}

/** A text's terms, whole and by sentence. */
interface AnalysedText {
  all: ReadonlySet<string>;
  sentences: readonly ReadonlySet<string>[];
}

// Sentences and headings are analysed in their passage's language: a short one alone could be
// taken for another language and stemmed differently from the question.
function analyseText(text: string, language: TextLanguage = languageOf(text)): AnalysedText {
  const sentences = splitSentences(text).map((sentence) => new Set(analyse(sentence, language)));
  const all = new Set<string>();
  for (const sentence of sentences) for (const term of sentence) all.add(term);
  return { all, sentences };
}

function featuresOf(question: QuestionTerms, text: AnalysedText, heading: AnalysedText): PassageFeatures {
  let sentenceCoverage = 0;
  for (const sentence of text.sentences) {
    sentenceCoverage = Math.max(sentenceCoverage, share(question, sentence));
  }
  let coverage = 0;
  if (question.total > 0) {
    let found = 0;
    for (const [term, weight] of question.terms) {
      if (text.all.has(term) || heading.all.has(term)) found += weight;
    }
    coverage = found / question.total;
  }
  return { coverage, sentenceCoverage, headingCoverage: share(question, heading.all) };
}

/** Measures how well a passage (and its heading path) covers the question. */
export function passageFeatures(
  question: QuestionTerms,
  text: string,
  headingPath: readonly string[],
): PassageFeatures {
  return featuresOf(question, analyseText(text), analyseText(headingPath.join(' ')));
}

/**
 * `passageFeatures` and heading coverage with memoised text analysis: analysing is a pure function
 * of the text, and the same chunks (and heading paths) come back across questions, so each text is
 * split into sentences, tokenised and stemmed once while it stays among the `limit` most recently
 * used (at most twice as many are held). A question then only looks its terms up in the stored sets.
 */
export class PassageAnalysis {
  private readonly texts: BoundedMap<string, AnalysedText>;

  constructor(limit = 10_000) {
    this.texts = new BoundedMap(limit);
  }

  /** The same values as `passageFeatures(question, text, headingPath)`. */
  features(question: QuestionTerms, text: string, headingPath: readonly string[]): PassageFeatures {
    return featuresOf(question, this.analysed(text), this.analysed(headingPath.join(' ')));
  }

  /** Weighted share of the question's terms found in the heading path. */
  headingCoverage(question: QuestionTerms, headingPath: readonly string[]): number {
    if (question.total === 0 || headingPath.length === 0) return 0;
    return share(question, this.analysed(headingPath.join(' ')).all);
  }

  private analysed(text: string): AnalysedText {
    return this.texts.getOrSet(text, (key) => analyseText(key));
  }
}
