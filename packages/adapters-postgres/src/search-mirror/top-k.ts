/** One selected entry: its slot and score. */
export interface Ranked {
  slot: number;
  score: number;
}

/**
 * The `k` best slots by score (highest first; ties by id, ascending, as `order by score desc, id`
 * does), from the first `count` entries of `candidates`. A bounded min-heap: O(n log k).
 */
export function selectTop(
  candidates: ArrayLike<number>,
  count: number,
  k: number,
  scoreOf: (slot: number) => number,
  idOf: (slot: number) => string,
): Ranked[] {
  if (k <= 0) return [];
  const heap: Ranked[] = [];
  // `a` ranks below `b`: lower score, or equal score and a larger id.
  const below = (a: Ranked, b: Ranked) =>
    a.score < b.score || (a.score === b.score && idOf(a.slot) > idOf(b.slot));
  const siftUp = (index: number) => {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!below(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const siftDown = () => {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let lowest = i;
      if (left < heap.length && below(heap[left]!, heap[lowest]!)) lowest = left;
      if (right < heap.length && below(heap[right]!, heap[lowest]!)) lowest = right;
      if (lowest === i) return;
      [heap[i], heap[lowest]] = [heap[lowest]!, heap[i]!];
      i = lowest;
    }
  };
  for (let index = 0; index < count; index += 1) {
    const slot = candidates[index]!;
    const score = scoreOf(slot);
    if (heap.length < k) {
      heap.push({ slot, score });
      siftUp(heap.length - 1);
      continue;
    }
    const lowest = heap[0]!;
    if (score < lowest.score) continue;
    const entry = { slot, score };
    if (below(lowest, entry)) {
      heap[0] = entry;
      siftDown();
    }
  }
  return heap.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
}
