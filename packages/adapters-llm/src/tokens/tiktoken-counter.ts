import { createRequire } from 'node:module';
import { BoundedMap, type TokenCounter } from '@chatbuddy/core';

export type TiktokenEncodingName = 'o200k_base' | 'cl100k_base';

const require = createRequire(import.meta.url);
type Counter = (text: string, options: { disallowedSpecial: Set<string> }) => number;
const encoders = new Map<TiktokenEncodingName, Counter>();
// Special-token markers in user text are plain text, never control tokens.
const plainText = { disallowedSpecial: new Set<string>() };
// Shorter texts are counted faster than a long key is hashed and compared.
const memoisedLength = 256;

/** Loads an encoding's rank table (1–2 MB) the first time it is needed, once per process. */
function encoderFor(encoding: TiktokenEncodingName): Counter {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    encoder = (require(`gpt-tokenizer/encoding/${encoding}`) as { countTokens: Counter }).countTokens;
    encoders.set(encoding, encoder);
  }
  return encoder;
}

/**
 * `TokenCounter` with OpenAI's BPE (o200k_base by default, cl100k_base for older models), computed
 * by `gpt-tokenizer`: the same counts as tiktoken, with a cache of encoded pieces that makes
 * repeated text (passages, prompts) several times cheaper to count. Other
 * providers' tokenizers differ by a few percent, close enough to estimate usage a provider did not
 * report and to reserve quota before a call.
 *
 * Building the rank table is CPU-bound (about a second for o200k_base on a quiet core, much more
 * on a busy one) and blocks the event loop, so servers call `warmUp()` at start-up rather than
 * paying for it in the first chat request.
 */
export class TiktokenCounter implements TokenCounter {
  /** Counts of longer texts seen recently: the same passages are counted for request after request. */
  private readonly counts = new BoundedMap<string, number>(2_048);

  constructor(private readonly encoding: TiktokenEncodingName = 'o200k_base') {}

  /** Loads the rank table now instead of on the first `count`. */
  warmUp(): void {
    encoderFor(this.encoding);
  }

  /** Tokens in `text`; special-token markers in user text count as plain text, never as control tokens. */
  count(text: string): number {
    if (text.length === 0) return 0;
    if (text.length < memoisedLength) return encoderFor(this.encoding)(text, plainText);
    return this.counts.getOrSet(text, () => encoderFor(this.encoding)(text, plainText));
  }
}
