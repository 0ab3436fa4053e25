import fc from 'fast-check';
import { countTokens as cl100kCount } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { TiktokenCounter } from './tiktoken-counter.js';

describe('TiktokenCounter', () => {
  const counter = new TiktokenCounter();
  // Building the rank table takes seconds on a busy machine: pay for it once, not per test.
  beforeAll(() => counter.warmUp(), 120_000);

  it('counts tokens of the o200k_base encoding', () => {
    expect(counter.count('')).toBe(0);
    expect(counter.count('hello world')).toBe(2);
    expect(counter.count('Refunds are paid within 14 days.')).toBeGreaterThanOrEqual(6);
  });

  it('counts special-token markers in user text as plain text instead of throwing', () => {
    expect(counter.count('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('grows with the text and handles any Unicode', () => {
    const short = counter.count('Ünïcödé ✓ 東京');
    expect(short).toBeGreaterThan(0);
    expect(counter.count('Ünïcödé ✓ 東京 '.repeat(10))).toBeGreaterThan(short * 5);
  });

  it('property: counts ASCII text as the tokenizer itself does, in both encodings', () => {
    const older = new TiktokenCounter('cl100k_base');
    // Words, numbers, punctuation, code and runs: pieces of every kind up to the merge by ranges.
    const word = fc.oneof(
      fc.constantFrom(
        'refund',
        'Refunds',
        "don't",
        'HTTP',
        'x_1',
        'naïve',
        '1234567',
        '...',
        '--',
        '\n\n',
        '\t',
      ),
      fc.string({
        unit: fc.constantFrom(
          ...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .,;:!?\'"-_/()[]{}<>@#$%^&*=+|~`\n\t',
        ),
        maxLength: 80,
      }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.constantFrom(' ', '', '\n'), (words, separator) => {
        const text = words.join(separator);
        expect(counter.count(text)).toBe(countTokens(text, { disallowedSpecial: new Set() }));
        expect(older.count(text)).toBe(cl100kCount(text, { disallowedSpecial: new Set() }));
      }),
      { numRuns: 300 },
    );
  });

  it('gives a long text the same count on every call, equal to the tokenizer itself', () => {
    const passage =
      'Refunds are paid within 14 days of the return. '.repeat(12) + 'Ünïcödé ✓ 東京\n\n```ts\nx = 1\n```';
    const expected = countTokens(passage, { disallowedSpecial: new Set() });
    expect(counter.count(passage)).toBe(expected);
    expect(counter.count(passage)).toBe(expected);
    expect(counter.count(`${passage} more`)).toBe(
      countTokens(`${passage} more`, { disallowedSpecial: new Set() }),
    );
  });
});
