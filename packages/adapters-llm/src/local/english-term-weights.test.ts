import { stem } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { englishTermWeight } from './english-term-weights.js';
import { extractAnswer } from './extractive-answer.js';

describe('englishTermWeight', () => {
  it('weighs everyday words less than rare ones, never below 1', () => {
    expect(englishTermWeight(stem('year'))).toBeLessThan(englishTermWeight(stem('mitochondria')));
    expect(englishTermWeight(stem('name'))).toBeLessThan(englishTermWeight(stem('warsaw')));
    expect(englishTermWeight(stem('the'))).toBeGreaterThanOrEqual(1);
    expect(englishTermWeight('qqqzzz')).toBeGreaterThan(englishTermWeight(stem('people')));
  });

  it('lets the rare word decide which sentence answers', () => {
    const context = [
      {
        label: 'S1',
        title: 'A',
        text: 'The city was founded in the year 1300. Warsaw became the capital in 1596.',
        score: 1,
      },
    ];
    const answer = extractAnswer('In which year did Warsaw become the capital?', context, {
      termWeight: englishTermWeight,
      maxSentences: 1,
    });
    expect(answer.text).toBe('Warsaw became the capital in 1596.');
  });
});
