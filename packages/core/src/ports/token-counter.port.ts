/** Counts model tokens of text (a real tokenizer in production). */
export const TokenCounter = Symbol.for('chatbuddy.TokenCounter');
export interface TokenCounter {
  /** Number of tokens `text` takes. */
  count(text: string): number;
  /**
   * Optional: a counter of slices of one text, `(start, end)` giving exactly
   * `count(text.slice(start, end))`, for callers that count many overlapping slices (chunking);
   * a tokenizer can then split the text once instead of at every call.
   */
  rangeCounter?(text: string): (start: number, end: number) => number;
}

/** `counter.rangeCounter(text)`, or slices counted one by one when the counter has none. */
export function rangeCounterOf(counter: TokenCounter, text: string): (start: number, end: number) => number {
  return counter.rangeCounter?.(text) ?? ((start, end) => counter.count(text.slice(start, end)));
}
