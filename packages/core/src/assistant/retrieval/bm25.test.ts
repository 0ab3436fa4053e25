import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bm25Idf, bm25TermScore, defaultBm25Parameters } from './bm25.js';

describe('BM25', () => {
  it("uses Lucene's idf and the Okapi term score", () => {
    expect(bm25Idf(10, 1)).toBeCloseTo(Math.log(1 + 9.5 / 1.5), 12);
    // At average length the length normalisation is 1: idf · tf · (k1 + 1) / (tf + k1).
    expect(bm25TermScore(2, 3, 50, 50, { k1: 0.9, b: 0.4 })).toBeCloseTo((2 * 3 * 1.9) / 3.9, 12);
  });

  it('property: never negative, grows with term frequency and shrinks with length', () => {
    const count = fc.integer({ min: 1, max: 1_000 });
    fc.assert(
      fc.property(count, count, count, count, (documents, frequency, tf, length) => {
        const df = Math.min(frequency, documents);
        const idf = bm25Idf(documents, df);
        expect(idf).toBeGreaterThanOrEqual(0);
        const score = (t: number, l: number) => bm25TermScore(idf, t, l, 100, defaultBm25Parameters);
        expect(score(tf + 1, length)).toBeGreaterThanOrEqual(score(tf, length));
        expect(score(tf, length + 1)).toBeLessThanOrEqual(score(tf, length));
      }),
    );
  });
});
