import { describe, expect, it } from 'vitest';
import { replyConfidenceOf } from './confidence.js';
import { localCalibration } from './confidence-calibration.js';
import { questionTerms } from './question-terms.js';
import {
  answersQuestionType,
  replyEvidence,
  replySupport,
  supportingPassages,
  termOrderShare,
} from './reply-support.js';

const passage = (text: string, score: number, title = 'Guide') => ({ title, text, score });

describe('supportingPassages', () => {
  const passages = [
    passage('Refunds are paid to the original card within 14 days.', 1.3),
    passage('Shipping takes three days.', 1.2),
    passage('Our shop opens at nine.', 0.7),
  ];

  it('keeps the passages a reply cites', () => {
    expect(supportingPassages('Refunds take 14 days [S1], shipping three [S2].', passages)).toEqual([0, 1]);
  });

  it('keeps the passage a reply quotes, not all of them', () => {
    expect(supportingPassages('Refunds are paid to the original card within 14 days.', passages)).toEqual([
      0,
    ]);
  });

  it('falls back to the passages scoring close to the best one', () => {
    expect(supportingPassages('You will get your money back soon.', passages)).toEqual([0, 1]);
  });
});

describe('reply evidence', () => {
  const question = 'When are refunds paid?';
  const terms = questionTerms(question);

  it('measures the share of the question a reply covers, counting its source title', () => {
    expect(replySupport(terms, 'Refunds are paid within 14 days.', undefined)).toBe(1);
    expect(replySupport(terms, 'Our shop opens at nine.', undefined)).toBe(0);
    const titled = replySupport(terms, 'They are paid within 14 days.', passage('', 1, 'Refunds'));
    expect(titled).toBeGreaterThan(replySupport(terms, 'They are paid within 14 days.', undefined));
  });

  it('checks the kind of answer asked for beyond the question words', () => {
    expect(answersQuestionType('When did the Normans arrive?', 'The Normans arrived in 911.')).toBe(true);
    expect(answersQuestionType('When did the Normans arrive?', 'The Normans arrived by sea.')).toBe(false);
    expect(answersQuestionType('How many counties in 1990?', 'There were counties in 1990.')).toBe(false);
    expect(answersQuestionType('Who ruled Normandy?', 'Normandy was rich.')).toBe(true);
  });

  it('measures how much of the phrasing is kept', () => {
    expect(termOrderShare('refunds paid card', 'Refunds are paid to the card.')).toBe(1);
    expect(termOrderShare('refunds paid card', 'Card refunds.')).toBe(0);
  });

  it('gives a reply that answers more of the question a higher confidence', () => {
    const model = localCalibration.reply;
    const good = replyEvidence(question, terms, 'Refunds are paid within 14 days.', undefined);
    const weak = replyEvidence(question, terms, 'Refunds are handled by our team.', undefined);
    const negated = replyEvidence(question, terms, 'Refunds are not paid within 14 days.', undefined);
    expect(good).toEqual({ support: 1, answerType: 1, order: 1, negation: 0 });
    expect(replyConfidenceOf(0.8, good, model)).toBeGreaterThan(replyConfidenceOf(0.8, weak, model));
    expect(replyConfidenceOf(0.8, good, model)).toBeGreaterThan(replyConfidenceOf(0.8, negated, model));
    expect(replyConfidenceOf(0.9, good, model)).toBeGreaterThan(replyConfidenceOf(0.5, good, model));
  });
});
