import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notAscii, o200kPieceEnd, PieceCounts } from './o200k-split.js';

const require = createRequire(import.meta.url);
const constants = require('gpt-tokenizer/encodingParams/constants') as Record<string, RegExp>;
const pattern = new RegExp(constants.O200K_TOKEN_SPLIT_REGEX!.source, 'gu');

/** Ends of the pieces of `text` by the tokenizer's own pattern. */
function patternEnds(text: string): number[] {
  const ends: number[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text))
    ends.push(match.index + match[0].length);
  return ends;
}

/** Ends of the pieces by `o200kPieceEnd`, the pattern deciding where it cannot; and how often. */
function scannedEnds(text: string): { ends: number[]; undecided: number } {
  const ends: number[] = [];
  let undecided = 0;
  for (let start = 0; start < text.length; ) {
    let end = o200kPieceEnd(text, start);
    if (end === notAscii) {
      undecided++;
      pattern.lastIndex = start;
      const match = pattern.exec(text)!;
      expect(match.index).toBe(start);
      end = start + match[0].length;
    }
    expect(end).toBeGreaterThan(start);
    ends.push(end);
    start = end;
  }
  return { ends, undecided };
}

// Every class the pattern tells apart, in ASCII and beyond: cased letters, contractions, digits,
// punctuation before line breaks and slashes, each kind of white space, and characters whose
// Unicode class decides a piece (accented and caseless letters, marks, other digits, spaces).
const units = [
  ...'aZ09 \t\n\r\u000b\f.,\'"/-_()!?;:#*`<>~\u0000\u007f',
  "'s",
  "'T",
  "'ll",
  "'LL",
  "'ve",
  "'Re",
  "'d",
  "'M",
  "'x",
  'Hello',
  'HTTP',
  'iPhone',
  '  ',
  '\n\n',
  ' \n ',
  '\r\n',
  '...\n/',
  '\u00a0',
  '\u2028',
  '\u3000',
  'é',
  'É',
  '\u0301',
  '中',
  'ß',
  'ǅ',
  'ʰ',
  '٣',
  '²',
  '½',
  '😀',
  '\ud83d',
  '—',
];

describe('o200kPieceEnd', () => {
  it('property: splits any text into the pieces of the tokenizer pattern', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(scannedEnds(text).ends).toEqual(patternEnds(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it('property: splits arbitrary strings as the pattern does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        const text = a + b;
        expect(scannedEnds(text).ends).toEqual(patternEnds(text));
      }),
      { numRuns: 1_000 },
    );
  });

  it('decides ASCII prose without the pattern', () => {
    const prose = "Refunds aren't paid twice. Orders over 40 EUR ship free;\n\n  see /terms...\t(v2)  ";
    const { ends, undecided } = scannedEnds(prose);
    expect(ends).toEqual(patternEnds(prose));
    expect(undecided).toBe(0);
  });
});

describe('PieceCounts', () => {
  it('counts each piece once and gives the same count for the same characters anywhere', () => {
    const counted: string[] = [];
    const counts = new PieceCounts((piece) => {
      counted.push(piece);
      return piece.length;
    });
    const text = 'one two one two three';
    expect(counts.tokensOf(text, 0, 3)).toBe(3);
    expect(counts.tokensOf(text, 8, 11)).toBe(3);
    expect(counts.tokensOf('xthreex', 1, 6)).toBe(5);
    expect(counts.tokensOf(text, 16, 21)).toBe(5);
    expect(counted).toEqual(['one', 'three']);
  });

  it('property: stays exact when slots collide and when it forgets everything once full', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 200 }), (pieces) => {
        // Eight slots: collisions on almost every piece, and a reset every four pieces.
        const counts = new PieceCounts((piece) => piece.length * 7 + piece.charCodeAt(0), 64, 8);
        for (const piece of [...pieces, ...pieces]) {
          const text = `<${piece}>`;
          expect(counts.tokensOf(text, 1, text.length - 1)).toBe(piece.length * 7 + piece.charCodeAt(0));
        }
      }),
      { numRuns: 300 },
    );
  });
});
