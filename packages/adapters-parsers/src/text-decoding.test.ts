import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseText } from './text-decoding.js';

describe('normaliseText', () => {
  it('property: drops the spaces before line ends exactly as the plain rule does', () => {
    const plain = (text: string) =>
      text
        .replace(/\r\n?/g, '\n')
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/g, '')
        .replace(/[ \t\u00a0]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
    const character = fc.constantFrom(' ', '\t', '\u00a0', '\n', '\r', 'a', '\u0001');
    fc.assert(
      fc.property(fc.array(character, { maxLength: 40 }), (characters) => {
        const text = characters.join('');
        expect(normaliseText(text)).toBe(plain(text));
      }),
      { numRuns: 2_000 },
    );
  });

  // The plain rule retried at every space of a run that no line end follows: over a minute here.
  it('keeps a run of 200,000 spaces inside a line (linear cost)', { timeout: 20_000 }, () => {
    expect(normaliseText(`a${' '.repeat(200_000)}b \nc`)).toBe(`a${' '.repeat(200_000)}b\nc`);
  });
});
