/** Replies and vectors the fake servers compute, the same for every vendor. */

/** The fake model's answer: quotes the context line of the last user turn, or says it does not know. */
export function fakeAnswer(messages: ReadonlyArray<{ content?: unknown }>): string {
  const last = String(messages.at(-1)?.content ?? '');
  const quoted = /\[S\d+\]\s*([^\n]+)/.exec(last)?.[1];
  return quoted ? `According to the documents: ${quoted}` : "I don't know.";
}

/** Word-sized pieces (with their trailing space) that concatenate back to `text`. */
export const tokensOf = (text: string): string[] => text.match(/\S+\s*/g) ?? [];

/** A rough prompt size: words in all turns. */
export const promptTokensOf = (messages: ReadonlyArray<{ content?: unknown }>): number =>
  messages.reduce((sum, turn) => sum + tokensOf(String(turn.content ?? '')).length, 0);

/** Deterministic hashed bag-of-words vector of unit length: texts sharing words are close. */
export function fakeVector(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (const char of word) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
    vector[hash % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}
