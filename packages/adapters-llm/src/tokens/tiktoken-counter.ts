import { createRequire } from 'node:module';
import type { TokenCounter } from '@chatbuddy/core';
import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';

export type TiktokenEncodingName = 'o200k_base' | 'cl100k_base';

const require = createRequire(import.meta.url);
const encoders = new Map<TiktokenEncodingName, Tiktoken>();

/** Loads a rank file (1–2 MB) the first time it is needed, once per process. */
function encoderFor(encoding: TiktokenEncodingName): Tiktoken {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    const module = require(`js-tiktoken/ranks/${encoding}`) as { default?: TiktokenBPE } & TiktokenBPE;
    encoder = new Tiktoken(module.default ?? module);
    encoders.set(encoding, encoder);
  }
  return encoder;
}

/**
 * `TokenCounter` with OpenAI's BPE (o200k_base by default, cl100k_base for older models). Other
 * providers' tokenizers differ by a few percent, close enough to estimate usage a provider did not
 * report and to reserve quota before a call.
 *
 * Building the rank table is CPU-bound (about a second for o200k_base on a quiet core, much more
 * on a busy one) and blocks the event loop, so servers call `warmUp()` at start-up rather than
 * paying for it in the first chat request.
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
    return encoderFor(this.encoding).encode(text, [], []).length;
  }
}
