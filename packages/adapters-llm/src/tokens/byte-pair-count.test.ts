import { createRequire } from 'node:module';
import { chunkDocument } from '@chatbuddy/core';
import fc from 'fast-check';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  maxMergedBytes,
  mergedTokenCount,
  mergeWindows,
  RankTable,
  shortMergeCount,
  shortMergeLength,
} from './byte-pair-count.js';
import { TiktokenCounter } from './tiktoken-counter.js';

interface ReferenceCore {
  getBpeRankFromBytes: (bytes: Uint8Array) => number | undefined;
  bytePairMerge: (bytes: Uint8Array) => number[];
}
const require = createRequire(import.meta.url);
const core = (
  require('gpt-tokenizer/encoding/o200k_base') as {
    default: { bytePairEncodingCoreProcessor: ReferenceCore };
  }
).default.bytePairEncodingCoreProcessor;
const utf8 = new TextEncoder();
const plainText = { disallowedSpecial: new Set<string>() };

// Characters whose bytes merge in every way: ASCII letters and marks, accents (two bytes), CJK and
// kana (three), emoji (four), a lone surrogate (encoded as U+FFFD), punctuation and white space.
const character = fc.constantFrom(
  'a',
  'b',
  'e',
  'r',
  's',
  't',
  'A',
  'T',
  "'",
  'é',
  'ß',
  '\u0301',
  '中',
  '文',
  'カ',
  'タ',
  '😀',
  '👍',
  '\uD83D',
  '-',
  '=',
  '.',
  '/',
  '*',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '7',
);
const run = fc
  .tuple(fc.array(character, { minLength: 1, maxLength: 4 }), fc.integer({ min: 16, max: 700 }))
  .map(([unit, times]) => unit.join('').repeat(times).slice(0, 2_000));

describe('mergedTokenCount', () => {
  it('property: makes as many tokens as the reference merge loop, on any bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(character, { maxLength: 300 }).map((parts) => parts.join('')),
          run,
        ),
        (text) => {
          const bytes = utf8.encode(text);
          const rankOf = (start: number, end: number) => core.getBpeRankFromBytes(bytes.subarray(start, end));
          expect(mergedTokenCount(bytes.length, rankOf)).toBe(core.bytePairMerge(bytes).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses more bytes than its scratch space holds', () => {
    expect(() => mergedTokenCount(maxMergedBytes + 1, () => undefined)).toThrow(RangeError);
    expect(mergedTokenCount(maxMergedBytes, () => undefined)).toBe(maxMergedBytes);
  });
});

describe('mergeWindows', () => {
  it('property: gives the text back in windows that fit, never splitting a surrogate pair', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'é', '中', '😀', '\uD83D'), { maxLength: 60 }),
        fc.integer({ min: 1, max: 40_000 }),
        (parts, times) => {
          const text = parts.join('').repeat(Math.ceil(times / Math.max(1, parts.length)));
          const windows = [...mergeWindows(text)];
          expect(windows.join('')).toBe(text);
          windows.forEach((window, index) => {
            expect(utf8.encode(window).length).toBeLessThanOrEqual(maxMergedBytes);
            expect(window.length).toBeGreaterThan(0);
            const last = window.charCodeAt(window.length - 1);
            const following = windows[index + 1]?.charCodeAt(0) ?? 0;
            expect(last >= 0xd800 && last <= 0xdbff && following >= 0xdc00 && following <= 0xdfff).toBe(
              false,
            );
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('TiktokenCounter on long runs without a break', () => {
  const counter = new TiktokenCounter();
  beforeAll(() => counter.warmUp(), 120_000);

  it("property: counts texts holding long runs as gpt-tokenizer's countTokens does", () => {
    const text = fc.array(fc.oneof(run, fc.constantFrom(' ', 'Refunds are paid.', '\n\n', '😀 ok')), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (parts, a, b) => {
        const whole = parts.join('');
        expect(counter.count(whole)).toBe(countTokens(whole, plainText));
        const start = a % (whole.length + 1);
        const end = start + (b % (whole.length - start + 1));
        expect(counter.rangeCounter(whole)(start, end)).toBe(countTokens(whole.slice(start, end), plainText));
      }),
      { numRuns: 60 },
    );
  });

  it('counts a run longer than a window as the sum of its windows', () => {
    const text = 'ab'.repeat(30_000);
    const windows = [...mergeWindows(text)];
    expect(windows.length).toBe(3);
    expect(counter.count(text)).toBe(windows.reduce((sum, window) => sum + counter.count(window), 0));
  });

  // The reference merge loop takes minutes on each of these runs; counting and chunking them is
  // linear now, a second or two: the time limit is the assertion.
  const runs = {
    letters: 'a',
    'mixed case': 'aB',
    spaces: ' ',
    dashes: '-',
    CJK: '中',
    emoji: '😀',
    'lone surrogates': '\uD83D',
  };
  it('counts and chunks a run of 300,000 characters of any kind within the budget', {
    timeout: 120_000,
  }, () => {
    for (const [kind, unit] of Object.entries(runs)) {
      const text = `Intro sentence. ${unit.repeat(Math.ceil(300_000 / unit.length))} The end.`;
      expect(counter.count(text), kind).toBeGreaterThan(0);
      const chunks = chunkDocument({ text, title: 'Runs', mimeType: 'text/plain', sections: [] }, counter);
      for (const chunk of chunks) {
        expect(chunk.tokenCount, kind).toBeLessThanOrEqual(300);
        expect(counter.count(chunk.text), kind).toBe(chunk.tokenCount);
        expect(text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.text);
      }
      expect(chunks.at(-1)!.text.endsWith('The end.'), kind).toBe(true);
    }
  });
});

describe('RankTable and shortMergeCount', () => {
  const strings = (
    require('gpt-tokenizer/encoding/o200k_base') as {
      default: { bytePairEncodingCoreProcessor: { bytePairStringRankEncoder: Map<string, number> } };
    }
  ).default.bytePairEncodingCoreProcessor.bytePairStringRankEncoder;
  let table: RankTable;
  beforeAll(() => {
    table = new RankTable(strings);
  }, 120_000);

  it('property: looks up any slice as the rank map does, tokens and not', () => {
    const text = fc.string({
      unit: fc.constantFrom(..."abehinorst ABE.,'\n\t0123456789é東😀".split(''), ' the', 'ing', 'tion'),
      maxLength: 20,
    });
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (whole, a, b) => {
        const start = a % (whole.length + 1);
        const end = start + (b % (whole.length - start + 1));
        expect(table.rankOf(whole, start, end)).toBe(strings.get(whole.slice(start, end)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('property: merges a short ASCII text into as many tokens as the heap does', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        ...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .,;:!?\'"-_/()[]{}<>@#$%^&*=+|~`\n\t',
      ),
      maxLength: shortMergeLength,
    });
    fc.assert(
      fc.property(text, (piece) => {
        expect(shortMergeCount(piece, table)).toBe(
          mergedTokenCount(piece.length, (start, end) => strings.get(piece.slice(start, end))),
        );
      }),
      { numRuns: 2_000 },
    );
  });
});
