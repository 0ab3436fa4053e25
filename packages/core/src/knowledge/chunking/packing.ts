import type { CountRange, Piece } from './text-pieces.js';

/** A packed range of the document text. */
export interface PackedRange {
  start: number;
  end: number;
  tokens: number;
}

export interface PackingLimits {
  maxTokens: number;
  overlapTokens: number;
  /** Share of the budget a chunk must reach before it may end early at a stronger boundary. */
  minFillRatio: number;
}

/**
 * Packs consecutive pieces of one section into ranges of at most `maxTokens` tokens (counted on
 * the exact slice, separators included). Each range ends at the strongest boundary available once
 * it is `minFillRatio` full; the next range starts with the last pieces of the previous one, up to
 * `overlapTokens`.
 */
export function packPieces(
  pieces: readonly Piece[],
  countRange: CountRange,
  limits: PackingLimits,
): PackedRange[] {
  // The search for each range's end asks for the same slices again (overlap, fit checks):
  // counted once each, since token counting is most of chunking's cost.
  const counted = new Map<number, number>();
  const count = (first: number, last: number) => {
    const key = first * pieces.length + last;
    // A single piece was counted when it was cut.
    let tokens = first === last ? pieces[first]!.tokens : counted.get(key);
    if (tokens === undefined) {
      tokens = countRange(pieces[first]!.start, pieces[last]!.end);
      counted.set(key, tokens);
    }
    return tokens;
  };
  const ranges: PackedRange[] = [];
  let first = 0;
  // The first piece a range must reach past the previous range, so that no range lies inside it.
  let earliest = 0;
  while (first < pieces.length) {
    const widest = widestFit(pieces.length, first, count, limits.maxTokens);
    let last = chooseEnd(pieces, { first, earliest, widest }, limits);
    let tokens = count(first, last);
    // Tokenizers are not strictly monotonic: never trade the verified fit for an unverified one.
    if (tokens > limits.maxTokens && last !== widest) {
      last = widest;
      tokens = count(first, last);
    }
    ranges.push({ start: pieces[first]!.start, end: pieces[last]!.end, tokens });
    if (last === pieces.length - 1) break;
    let next = last + 1;
    while (
      next - 1 > first &&
      count(next - 1, last) <= limits.overlapTokens &&
      count(next - 1, last + 1) <= limits.maxTokens
    ) {
      next--;
    }
    first = next;
    earliest = last + 1;
  }
  return ranges;
}

/** The last piece index such that `first..last` fits, by galloping then binary search. */
function widestFit(
  length: number,
  first: number,
  count: (first: number, last: number) => number,
  budget: number,
): number {
  let good = first;
  let bad = length;
  for (let step = 1; good < length - 1; step *= 2) {
    const probe = Math.min(length - 1, good + step);
    if (count(first, probe) > budget) {
      bad = probe;
      break;
    }
    good = probe;
  }
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (count(first, middle) <= budget) good = middle;
    else bad = middle;
  }
  return good;
}

/**
 * Prefers ending at a stronger boundary (paragraph > line > sentence > word) once full enough,
 * never before `earliest` (a range that ends inside the previous one would add nothing).
 */
function chooseEnd(
  pieces: readonly Piece[],
  { first, earliest, widest }: { first: number; earliest: number; widest: number },
  limits: PackingLimits,
): number {
  if (widest === pieces.length - 1) return widest;
  const minimum = limits.minFillRatio * limits.maxTokens;
  let best = widest;
  let bestStrength = pieces[widest + 1]!.breakBefore;
  let estimate = 0;
  for (let index = first; index < widest; index++) {
    estimate += pieces[index]!.tokens;
    const strength = pieces[index + 1]!.breakBefore;
    if (index >= earliest && estimate >= minimum && strength > bestStrength) {
      best = index;
      bestStrength = strength;
    }
  }
  // Among equally strong boundaries keep the widest chunk.
  for (let index = widest; index > best; index--) {
    if (pieces[index + 1]!.breakBefore === bestStrength) return index;
  }
  return best;
}
