import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
 * Reads the COVID-19 FAQ folder (`faq_covidbert.csv` and a question-similarity pairs file:
 * `pairsFile`, relative to the folder or absolute, else `eval_question_similarity_en.csv` when
 * present, else its `.tuning.csv` half) and adds the hand-written near misses.
 */
export function loadCovidFaq(folder: string, pairsFile?: string): MatchingDataset {
  const pairs =
    pairsFile ??
    (existsSync(join(folder, 'eval_question_similarity_en.csv'))
      ? 'eval_question_similarity_en.csv'
      : 'eval_question_similarity_en.tuning.csv');
  const read = (name: string) =>
    parse(readFileSync(resolve(folder, name), 'utf8'), {
      columns: true,
      skip_empty_lines: true,
    }) as Record<string, string>[];
  const answers: CuratedAnswer[] = read('faq_covidbert.csv').map((row, index) => ({
    id: `faq-${index}`,
    projectId: 'covid-faq',
    question: row.question!.trim(),
    answer: row.answer!,
    alternativeQuestions: [],
    createdAt: at,
    updatedAt: at,
  }));
  const cases: MatchingCase[] = read(pairs).map((row) => ({
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

/** Matches every case at each threshold (with the product's own decision rule) and counts outcomes. */
export function evaluateMatching(
  dataset: MatchingDataset,
  thresholds: readonly number[],
  options: Partial<QuestionMatcherOptions> = {},
): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const index = new QuestionIndex(dataset.answers, {
      ...defaultQuestionMatcherOptions,
      ...options,
      threshold,
    });
    let matchedPositives = 0;
    let wrongPositives = 0;
    let wrongNegatives = 0;
    let wrongNearMisses = 0;
    let positives = 0;
    for (const testCase of dataset.cases) {
      if (testCase.kind === 'positive') positives++;
      const match = index.match(testCase.question);
      if (!match) continue;
      const own = match.answer.question === testCase.faqQuestion;
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
