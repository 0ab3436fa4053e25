/**
 * Rank of the bytes `[start, end)` of the input in a BPE vocabulary, or `undefined` when they are
 * not a token.
 */
export type RangeRank = (start: number, end: number) => number | undefined;

/** Most bytes counted in one merge; longer inputs are counted in windows (see `mergeWindows`). */
export const maxMergedBytes = 1 << 16;

// Heap keys are rank × positionSpan + position: one comparison orders by rank, then leftmost.
const positionSpan = 2 ** 17;
const dead = -1;
const unranked = -2;
// Scratch space for one count at a time (counting is synchronous), sized for the longest input.
const next = new Int32Array(maxMergedBytes + 1);
const previous = new Int32Array(maxMergedBytes + 1);
const pairRank = new Int32Array(maxMergedBytes + 1);
// Every merge pushes at most two keys: n initial pairs plus 2n.
const heap = new Float64Array(3 * maxMergedBytes + 3);

/**
 * The number of tokens byte-pair merging makes of `length` bytes: the same merges in the same
 * order as the reference loop of tiktoken and `gpt-tokenizer` (repeatedly merge the adjacent pair
 * of parts whose concatenation has the lowest rank, the leftmost of equal ones, until no pair is a
 * token), so the same count. The reference loop rescans every pair after each merge, which takes
 * time quadratic in the length: seconds for a run of a few ten thousand bytes without a break,
 * minutes for a few hundred thousand. Here the pairs wait in a heap keyed by rank and position, and
 * a merge ranks only the two pairs it changed: O(n log n). Keys of pairs that changed are left in
 * the heap and skipped when they come up.
 *
 * `length` may be at most `maxMergedBytes`.
 */
export function mergedTokenCount(length: number, rankOf: RangeRank): number {
  if (length > maxMergedBytes) throw new RangeError(`at most ${maxMergedBytes} bytes are merged at once`);
  if (length <= 1) return length;
  let size = 0;

  const push = (key: number): void => {
    let index = size++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent]!;
      if (above <= key) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = key;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const key = heap[--size]!;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
      if (heap[child]! >= key) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = key;
    return top;
  };
  /** Ranks the pair of parts starting at `position` and queues it when it is a token. */
  const rank = (position: number): void => {
    const second = next[position]!;
    const value = second < length ? rankOf(position, next[second]!) : undefined;
    if (value === undefined) {
      pairRank[position] = unranked;
      return;
    }
    pairRank[position] = value;
    push(value * positionSpan + position);
  };

  for (let position = 0; position <= length; position++) {
    next[position] = position + 1;
    previous[position] = position - 1;
  }
  for (let position = 0; position < length - 1; position++) rank(position);
  pairRank[length - 1] = unranked;

  let parts = length;
  while (size > 0) {
    const key = pop();
    const value = Math.floor(key / positionSpan);
    const position = key - value * positionSpan;
    if (pairRank[position] !== value) continue;
    const merged = next[position]!;
    const after = next[merged]!;
    pairRank[merged] = dead;
    next[position] = after;
    previous[after] = position;
    parts--;
    rank(position);
    const before = previous[position]!;
    if (before >= 0) rank(before);
  }
  return parts;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * Splits `text` into slices whose UTF-8 encodings hold at most `maxMergedBytes`, never inside a
 * surrogate pair: a UTF-16 code unit takes at most three bytes.
 */
export function* mergeWindows(text: string): Generator<string> {
  const size = Math.floor(maxMergedBytes / 3);
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * A vocabulary's ranks looked up by a slice of a text (`rankOf(text, start, end)`) without making
 * a string of the slice: open addressing on a hash of the characters, checked against the token
 * itself. Byte-pair merging asks for the rank of every adjacent pair of parts, most of which are
 * not tokens; with a `Map` each question made a string and hashed it.
 */
export class RankTable {
  private readonly mask: number;
  private readonly hashes: Int32Array;
  /** Rank of the token in each slot, -1 for an empty slot. */
  private readonly ranks: Int32Array;
  private readonly tokens: string[];

  constructor(ranks: ReadonlyMap<string, number>) {
    let capacity = 1;
    while (capacity < ranks.size * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.ranks = new Int32Array(capacity).fill(-1);
    this.tokens = new Array<string>(capacity);
    for (const [token, rank] of ranks) {
      const hash = sliceHash(token, 0, token.length);
      let slot = hash & this.mask;
      while (this.ranks[slot] !== -1) slot = (slot + 1) & this.mask;
      this.hashes[slot] = hash;
      this.ranks[slot] = rank;
      this.tokens[slot] = token;
    }
  }

  /** Rank of `text.slice(start, end)`, or undefined when it is not a token. */
  rankOf(text: string, start: number, end: number): number | undefined {
    const hash = sliceHash(text, start, end);
    const { mask, hashes, ranks, tokens } = this;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const rank = ranks[slot]!;
      if (rank === -1) return undefined;
      if (hashes[slot] === hash) {
        const token = tokens[slot]!;
        if (token.length === length && text.startsWith(token, start)) return rank;
      }
    }
  }
}

/** FNV-1a over the UTF-16 code units of `text[start, end)`. */
export function sliceHash(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash;
}

/** Longest text `shortMergeCount` takes: past it `mergedTokenCount`'s heap is faster. */
export const shortMergeLength = 64;

/**
 * `mergedTokenCount` for a short text whose characters are its bytes (ASCII), by the reference
 * loop: each pair's rank is kept, the lowest (the leftmost of equal ones) merged, and only the two
 * pairs it changed ranked again. Quadratic in the length, and for the short pieces of a split
 * faster than the heap: no scratch arrays to set up, no keys to decode.
 */
export function shortMergeCount(text: string, ranks: RankTable): number {
  const length = text.length;
  if (length <= 1) return length;
  if (length > shortMergeLength) throw new RangeError(`at most ${shortMergeLength} characters`);
  const starts = shortStarts;
  const pairRanks = shortRanks;
  for (let index = 0; index <= length; index++) starts[index] = index;
  for (let index = 0; index < length - 1; index++)
    pairRanks[index] = ranks.rankOf(text, index, index + 2) ?? Number.POSITIVE_INFINITY;
  let parts = length;
  for (;;) {
    let best = -1;
    let bestRank = Number.POSITIVE_INFINITY;
    for (let index = 0; index < parts - 1; index++) {
      if (pairRanks[index]! < bestRank) {
        bestRank = pairRanks[index]!;
        best = index;
      }
    }
    if (best < 0) return parts;
    // Part `best + 1` joins part `best`: later parts and their pairs move one place left.
    for (let index = best + 1; index < parts; index++) starts[index] = starts[index + 1]!;
    for (let index = best; index < parts - 2; index++) pairRanks[index] = pairRanks[index + 1]!;
    parts--;
    if (best < parts - 1)
      pairRanks[best] = ranks.rankOf(text, starts[best]!, starts[best + 2]!) ?? Number.POSITIVE_INFINITY;
    if (best > 0)
      pairRanks[best - 1] =
        ranks.rankOf(text, starts[best - 1]!, starts[best + 1]!) ?? Number.POSITIVE_INFINITY;
  }
}

const shortStarts = new Int32Array(shortMergeLength + 1);
const shortRanks = new Float64Array(shortMergeLength);
