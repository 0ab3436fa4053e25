import { describe, expect, it } from 'vitest';
import type { CuratedAnswer } from './curated-answer.js';
import { QuestionIndex } from './question-matcher.js';

const at = new Date('2026-01-01T00:00:00.000Z');
const curated = (id: string, question: string, alternativeQuestions: string[] = []): CuratedAnswer => ({
  id,
  projectId: 'p',
  question,
  answer: `answer ${id}`,
  alternativeQuestions,
  createdAt: at,
  updatedAt: at,
});

const index = new QuestionIndex([
  curated('hours', 'What are your opening hours?', ['When is the shop open?']),
  curated('refund', 'How do I get a refund for a returned order?'),
  curated('shipping', 'How much does shipping to Germany cost?'),
  curated('password', 'How can I reset my account password?'),
  curated('warranty', 'How long is the warranty on the robot vacuum?'),
  curated('cancel', 'How do I cancel my subscription?'),
]);

describe('QuestionIndex', () => {
  it.each([
    ['What are the opening hours?', 'hours'],
    ['when is your shop open', 'hours'],
    ['How do I get a refund for my returned order?', 'refund'],
    ['How much is shipping to Germany?', 'shipping'],
    ['how can i reset my password', 'password'],
    ['How long is the warranty on robot vacuums?', 'warranty'],
    ['How can I cancel my subscription?', 'cancel'],
    ['Cancel subscription', 'cancel'],
    ['What are your openning hours?', 'hours'],
  ])('matches the paraphrase %j', (question, id) => {
    expect(index.match(question)?.answer.id).toBe(id);
  });

  it.each([
    'How much does shipping to Japan cost?',
    'How long does shipping to Germany take?',
    'Can I reset the robot vacuum to factory settings?',
    'Do you sell gift cards?',
    'Is the warranty valid outside the European Union?',
    'Can I pause my subscription for a month?',
    'What are the opening hours of your Paris office on public holidays?',
    'Who founded the company?',
    'the',
    '???',
  ])('matches nothing for the near miss %j', (question) => {
    expect(index.match(question)).toBeNull();
  });

  it('scores in 0..1, best first, one entry per answer', () => {
    const ranked = index.rank('When are your opening hours and is the shop open?', 6);
    expect(ranked[0]!.answer.id).toBe('hours');
    expect(new Set(ranked.map((match) => match.answer.id)).size).toBe(ranked.length);
    for (const match of ranked) expect(match.score).toBeGreaterThan(0);
    expect(ranked[0]!.score).toBeLessThanOrEqual(1 + 1e-9);
    expect(new QuestionIndex([]).match('What are your opening hours?')).toBeNull();
  });
});
