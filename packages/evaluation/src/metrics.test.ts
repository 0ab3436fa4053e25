import { describe, expect, it } from 'vitest';
import { auroc, mean, mrrAtK, ndcgAtK, recallAtK } from './metrics.js';

const judged = new Map([
  ['a', 1],
  ['b', 1],
]);

describe('ndcgAtK', () => {
  it('is 1 for the ideal order and 0 without hits', () => {
    expect(ndcgAtK(['a', 'b', 'c'], judged, 10)).toBe(1);
    expect(ndcgAtK(['x', 'y'], judged, 10)).toBe(0);
  });

  it('matches a hand-computed value', () => {
    // relevant at ranks 2 and 3: (1/log2 3 + 1/log2 4) / (1 + 1/log2 3) = (0.63093 + 0.5) / 1.63093
    expect(ndcgAtK(['x', 'a', 'b'], judged, 10)).toBeCloseTo(0.693426, 5);
    // only rank 2 counts within k = 2: 0.63093 / 1.63093
    expect(ndcgAtK(['x', 'a', 'b'], judged, 2)).toBeCloseTo(0.386853, 5);
  });

  it('counts a repeated document once (chunks of one document)', () => {
    expect(ndcgAtK(['x', 'x', 'a'], judged, 2)).toBeCloseTo(0.386853, 5);
  });

  it('uses graded gains', () => {
    const graded = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    // (1 + 2/log2 3) / (2 + 1/log2 3) = 2.26186 / 2.63093
    expect(ndcgAtK(['b', 'a'], graded, 10)).toBeCloseTo(0.859719, 5);
  });
});

describe('recallAtK and mrrAtK', () => {
  it('match hand-computed values', () => {
    expect(recallAtK(['x', 'a', 'y', 'b'], judged, 3)).toBe(0.5);
    expect(recallAtK(['x', 'a', 'y', 'b'], judged, 4)).toBe(1);
    expect(mrrAtK(['x', 'y', 'b'], judged, 10)).toBeCloseTo(1 / 3, 10);
    expect(mrrAtK(['x', 'y', 'b'], judged, 2)).toBe(0);
    expect(recallAtK(['a'], new Map(), 10)).toBe(0);
  });
});

describe('auroc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 for ties', () => {
    expect(auroc([0.9, 0.8, 0.1], [true, true, false])).toBe(1);
    expect(auroc([0.1, 0.2, 0.9], [true, true, false])).toBe(0);
    expect(auroc([0.5, 0.5], [true, false])).toBe(0.5);
  });

  it('matches a hand-computed value', () => {
    // positives 0.9, 0.4; negatives 0.6, 0.2: pairs won 0.9>0.6, 0.9>0.2, 0.4>0.2 → 3 of 4
    expect(auroc([0.9, 0.6, 0.4, 0.2], [true, false, true, false])).toBe(0.75);
  });

  it('is NaN with one class only and rejects mismatched lengths', () => {
    expect(auroc([0.3], [true])).toBeNaN();
    expect(() => auroc([0.3], [])).toThrow(RangeError);
  });

  it('averages', () => {
    expect(mean([1, 2, 3])).toBe(2);
    expect(mean([])).toBe(0);
  });
});
