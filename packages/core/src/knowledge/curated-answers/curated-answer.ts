import { z } from 'zod';
import { tokenize } from '../../assistant/index.js';
import type { ProjectId } from '../../shared/common.js';
import { isStorableText, unstorableTextMessage } from '../../shared/stored-text.js';

/** An exact answer a customer pins to a question (and its alternative phrasings). */
export interface CuratedAnswer {
  id: string;
  projectId: ProjectId;
  question: string;
  answer: string;
  /** Other phrasings of the question that should get the same answer. */
  alternativeQuestions: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** Bounds of curated answers. */
export const curatedAnswerLimits = {
  questionChars: 500,
  answerChars: 8_000,
  alternatives: 20,
  /** Curated answers one project may hold. */
  perProject: 2_000,
} as const;

const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Trimmed, non-empty stored text of at most `max` characters, without control characters. */
const curatedText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(isStorableText, unstorableTextMessage)
    .refine((value) => !controlCharacters.test(value), 'must not contain control characters');

const questionText = () =>
  curatedText(curatedAnswerLimits.questionChars).refine(
    (value) => !/[\r\n]/.test(value),
    'must be a single line',
  );

const alternatives = z.array(questionText()).max(curatedAnswerLimits.alternatives);

export const curatedAnswerInput = z
  .object({
    question: questionText(),
    answer: curatedText(curatedAnswerLimits.answerChars),
    alternativeQuestions: alternatives.default([]),
  })
  .strict();
export type CuratedAnswerInput = z.input<typeof curatedAnswerInput>;

export const curatedAnswerPatch = z
  .object({
    question: questionText().optional(),
    answer: curatedText(curatedAnswerLimits.answerChars).optional(),
    alternativeQuestions: alternatives.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one field to change');
export type CuratedAnswerPatch = z.input<typeof curatedAnswerPatch>;

/** Alternatives without repeats (ignoring case and spacing) and without the question itself. */
export function distinctAlternatives(question: string, candidates: readonly string[]): string[] {
  const key = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');
  const seen = new Set([key(question)]);
  const kept: string[] = [];
  for (const candidate of candidates) {
    if (seen.has(key(candidate))) continue;
    seen.add(key(candidate));
    kept.push(candidate);
  }
  return kept;
}

/**
 * What makes two curated questions the same question: their words, lower-cased, diacritics
 * folded, punctuation and spacing ignored ("Do you ship to Mars?" and "do you ship to mars").
 */
export function questionKey(text: string): string {
  return tokenize(text).join(' ');
}

/**
 * The answer among `answers` (other than `except`) that already holds one of `questions`, as its
 * question or an alternative; null when none does.
 */
export function answerHolding(
  answers: readonly CuratedAnswer[],
  questions: readonly string[],
  except?: string,
): { answer: CuratedAnswer; question: string } | null {
  const wanted = new Map(questions.map((question) => [questionKey(question), question]));
  for (const answer of answers) {
    if (answer.id === except) continue;
    for (const held of [answer.question, ...answer.alternativeQuestions]) {
      const question = wanted.get(questionKey(held));
      if (question !== undefined) return { answer, question };
    }
  }
  return null;
}
