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
