import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PassageAnalysis, passageFeatures } from './passage-features.js';
import { questionTerms } from './question-terms.js';

const word = fc.constantFrom(
  'Refunds',
  'are',
  'paid',
  'within',
  '14',
  'days.',
  'Warsaw',
  'is',
  'the',
  'capital',
  'of',
  'Poland!',
  'Shipping?',
  'U.S.',
  'e-mail',
  'naïve',
  'Ünïcödé',
  '"quoted"',
  '(note)',
  '\n',
  '\n\n',
  'running',
);
const text = fc.array(word, { maxLength: 40 }).map((words) => words.join(' '));

describe('PassageAnalysis', () => {
  it('property: gives exactly the features of passageFeatures, on first use and from its memory', () => {
    const analysis = new PassageAnalysis(8);
    fc.assert(
      fc.property(text, text, fc.array(text, { maxLength: 3 }), (question, passage, headings) => {
        const terms = questionTerms(question);
        const expected = passageFeatures(terms, passage, headings);
        expect(analysis.features(terms, passage, headings)).toEqual(expected);
        expect(analysis.features(terms, passage, headings)).toEqual(expected);
        expect(analysis.headingCoverage(terms, headings)).toBe(expected.headingCoverage);
      }),
      { numRuns: 300 },
    );
  });
});
