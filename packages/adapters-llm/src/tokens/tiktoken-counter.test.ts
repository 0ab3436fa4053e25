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
