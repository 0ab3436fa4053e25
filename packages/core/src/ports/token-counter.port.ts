/** Counts model tokens of text (a real tokenizer in production). */
export const TokenCounter = Symbol.for('chatbuddy.TokenCounter');
export interface TokenCounter {
  /** Number of tokens `text` takes. */
  count(text: string): number;
}
