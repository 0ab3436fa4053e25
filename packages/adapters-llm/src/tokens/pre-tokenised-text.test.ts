import fc from 'fast-check';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TiktokenEncodingName, TiktokenCounter } from './tiktoken-counter.js';

const plainText = { disallowedSpecial: new Set<string>() };
const reference: Record<TiktokenEncodingName, (text: string) => number> = {
  o200k_base: (text) => countO200k(text, plainText),
  cl100k_base: (text) => countCl100k(text, plainText),
};

// Fragments that exercise every branch of the split patterns: cased and caseless letters, marks,
// contractions, digit runs, punctuation with line breaks and slashes, every kind of white space.
const fragments = [
  'The',
  ' refund',
  "'s",
  "'LL",
  ' policy',
  'ABCdef',
  'helloWorld',
  'ÉCOLE',
  'e\u0301',
  'AB\u0301CD',
  '東京',
  'カタカナ',
  'ß',
  'Ünïcödé',
  '😀',
  '👩‍👩‍👧',
  '\uD83D',
  '12345',
  '3.14',
  '٣٤٥',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\n\n',
  '   \n  ',
  '\u00a0',
  '\u2003',
  '.',
  '...',
  '.\n/',
  '//',
  '/*',
  '*/',
  '{',
  '}',
  '=>',
  '<|endoftext|>',
  '```',
  '# Heading',
  '- item',
  'x = f(y);',
  'if (a && b) {',
  '"quoted"',
];
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom(...fragments),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 120 },
  )
  .map((parts) => parts.join(''));

describe('TiktokenCounter.rangeCounter', () => {
  const counters = { o200k_base: new TiktokenCounter(), cl100k_base: new TiktokenCounter('cl100k_base') };
  beforeAll(() => {
    for (const counter of Object.values(counters)) counter.warmUp();
  }, 120_000);

  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    it(`gives gpt-tokenizer's countTokens of every slice (${encoding})`, () => {
      fc.assert(
        fc.property(
          text,
          fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 20 }),
          (whole, slices) => {
            const count = counters[encoding].rangeCounter(whole);
            for (const [a, b] of slices) {
              const start = a % (whole.length + 1);
              const end = start + (b % (whole.length - start + 1));
              expect(count(start, end)).toBe(reference[encoding](whole.slice(start, end)));
            }
          },
        ),
        { numRuns: 400 },
      );
    });
  }

  it('counts long slices of prose, code and mixed scripts exactly, wherever they start and end', () => {
    const prose =
      "Refunds are paid within 14 days. We don't ship on Sundays; orders placed then leave on Monday.\n\n";
    const code = 'export function add(a: number, b: number): number {\n  return a + b; // sum\n}\n\n';
    const mixed = 'Überweisungen dauern 2–3 Tage. 東京の倉庫から発送します。 Café\u0301   \t  naïve\r\n';
    const whole = (prose + code + mixed).repeat(12);
    const count = counters.o200k_base.rangeCounter(whole);
    for (let start = 0; start < whole.length; start += 37) {
      for (let end = start; end <= whole.length; end += 101) {
        expect(count(start, end)).toBe(reference.o200k_base(whole.slice(start, end)));
      }
    }
  });
});
