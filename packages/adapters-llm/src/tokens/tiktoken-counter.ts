import { createRequire } from 'node:module';
import type { TokenCounter } from '@chatbuddy/core';

export type TiktokenEncodingName = 'o200k_base' | 'cl100k_base';

const require = createRequire(import.meta.url);
type Counter = (text: string, options: { disallowedSpecial: Set<string> }) => number;
const encoders = new Map<TiktokenEncodingName, Counter>();
// Special-token markers in user text are plain text, never control tokens.
const plainText = { disallowedSpecial: new Set<string>() };

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
 * The rank table is built at the first count, not at start: it holds about 60 MiB resident, which
 * a server that only serves curated answers or hosted models' own counts never needs, and an idle
 * one should not hold. Building it is CPU-bound (about a second for o200k_base on a quiet core)
 * and is paid once by the first request or upload that counts tokens; `warmUp()` builds it now.
 */
export class TiktokenCounter implements TokenCounter {
  constructor(private readonly encoding: TiktokenEncodingName = 'o200k_base') {}

  /** Loads the rank table now instead of on the first `count`. */
  warmUp(): void {
    encoderFor(this.encoding);
  }

  /** Tokens in `text`; special-token markers in user text count as plain text, never as control tokens. */
  count(text: string): number {
    if (text.length === 0) return 0;
    return encoderFor(this.encoding)(text, plainText);
  }
}
