import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CuratedAnswer,
  type QuestionMatcherOptions,
  QuestionIndex,
  defaultQuestionMatcherOptions,
} from '@chatbuddy/core';
import { parse } from 'csv-parse/sync';
import { covidNearMisses } from './near-misses.js';

/** A labelled question: `expected` is the FAQ question it must match, or null for "match nothing". */
export interface MatchingCase {
  question: string;
  kind: 'positive' | 'negative' | 'near-miss';
  /** The FAQ question of the pair (positives must match it, negatives must not). */
  faqQuestion: string | null;
}

export interface MatchingDataset {
  answers: CuratedAnswer[];
  cases: MatchingCase[];
}

const at = new Date('2026-01-01T00:00:00.000Z');

/**
 * Reads the COVID-19 FAQ folder (`faq_covidbert.csv` and the question-similarity pairs file,
 * `eval_question_similarity_en*.csv`) and adds the hand-written near misses.
 */
export function loadCovidFaq(
  folder: string,
  pairsFile = 'eval_question_similarity_en.tuning.csv',
): MatchingDataset {
  const read = (name: string) =>
    parse(readFileSync(join(folder, name), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
  const answers: CuratedAnswer[] = read('faq_covidbert.csv').map((row, index) => ({
    id: `faq-${index}`,
    projectId: 'covid-faq',
    question: row.question!.trim(),
    answer: row.answer!,
    alternativeQuestions: [],
    createdAt: at,
    updatedAt: at,
  }));
  const cases: MatchingCase[] = read(pairsFile).map((row) => ({
    question: row.question_2!,
    kind: row.similar === '1' ? 'positive' : 'negative',
    faqQuestion: row.question_1!.trim(),
  }));
  for (const question of covidNearMisses) cases.push({ question, kind: 'near-miss', faqQuestion: null });
  return { answers, cases };
}

export interface ThresholdResult {
  threshold: number;
  /** Right matches among all matches that can be judged (other-FAQ matches of negatives excluded). */
  precision: number;
  /** Positives matched to their FAQ question. */
  recall: number;
  matchedPositives: number;
  wrongPositives: number;
  /** Negatives matched to the FAQ question they were labelled as different from. */
  wrongNegatives: number;
  /** Near misses matched to anything. */
  wrongNearMisses: number;
}

/** Scores every case once, then counts outcomes at each threshold. */
export function evaluateMatching(
  dataset: MatchingDataset,
  thresholds: readonly number[],
  options: Partial<QuestionMatcherOptions> = {},
): ThresholdResult[] {
  const index = new QuestionIndex(dataset.answers, { ...defaultQuestionMatcherOptions, ...options });
  const scored = dataset.cases.map((testCase) => {
    const [top] = index.rank(testCase.question, 1);
    return { testCase, question: top?.answer.question ?? null, score: top?.score ?? 0 };
  });
  return thresholds.map((threshold) => {
    let matchedPositives = 0;
    let wrongPositives = 0;
    let wrongNegatives = 0;
    let wrongNearMisses = 0;
    let positives = 0;
    for (const { testCase, question, score } of scored) {
      if (testCase.kind === 'positive') positives++;
      if (score < threshold || question === null) continue;
      const own = question === testCase.faqQuestion;
      if (testCase.kind === 'positive') own ? matchedPositives++ : wrongPositives++;
      else if (testCase.kind === 'negative') wrongNegatives += own ? 1 : 0;
      else wrongNearMisses++;
    }
    const judged = matchedPositives + wrongPositives + wrongNegatives + wrongNearMisses;
    return {
      threshold,
      precision: judged === 0 ? 1 : matchedPositives / judged,
      recall: positives === 0 ? 0 : matchedPositives / positives,
      matchedPositives,
      wrongPositives,
      wrongNegatives,
      wrongNearMisses,
    };
  });
}
