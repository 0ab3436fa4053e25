import { createRequire } from 'node:module';
import { BoundedMap, type TokenCounter } from '@chatbuddy/core';
import { PreTokenisedText } from './pre-tokenised-text.js';

export type TiktokenEncodingName = 'o200k_base' | 'cl100k_base';

const require = createRequire(import.meta.url);
type Counter = (text: string, options: { disallowedSpecial: Set<string> }) => number;
interface Encoder {
  countText: (text: string) => number;
  /** Tokens of one piece of the pre-tokenisation, or -1 when the piece alone splits otherwise. */
  pieceTokens: (piece: string) => number;
  /** The tokenizer's own split pattern (a fresh copy: its `lastIndex` is ours). */
  pattern: RegExp;
}
const encoders = new Map<TiktokenEncodingName, Encoder>();
// Special-token markers in user text are plain text, never control tokens.
const plainText = { disallowedSpecial: new Set<string>() };
// Shorter texts are counted faster than a long key is hashed and compared.
const memoisedLength = 256;
const splitPatternNames = {
  o200k_base: 'O200K_TOKEN_SPLIT_REGEX',
  cl100k_base: 'CL100K_TOKEN_SPLIT_REGEX',
} as const;
const maxRememberedPieces = 100_000;

/** Loads an encoding's rank table (1–2 MB) the first time it is needed, once per process. */
function encoderFor(encoding: TiktokenEncodingName): Encoder {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    const count = (require(`gpt-tokenizer/encoding/${encoding}`) as { countTokens: Counter }).countTokens;
    const constants = require('gpt-tokenizer/encodingParams/constants') as Record<string, RegExp>;
    const pattern = new RegExp(constants[splitPatternNames[encoding]]!.source, 'gu');
    const alone = new RegExp(pattern.source, 'gu');
    const pieces = new Map<string, number>();
    encoder = {
      countText: (text) => count(text, plainText),
      pattern,
      pieceTokens: (piece) => {
        let tokens = pieces.get(piece);
        if (tokens === undefined) {
          alone.lastIndex = 0;
          const match = alone.exec(piece);
          tokens = match?.index === 0 && match[0].length === piece.length ? count(piece, plainText) : -1;
          if (pieces.size >= maxRememberedPieces) pieces.clear();
          pieces.set(piece, tokens);
        }
        return tokens;
      },
    };
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
    const { countText } = encoderFor(this.encoding);
    if (text.length < memoisedLength) return countText(text);
    return this.counts.getOrSet(text, countText);
  }

  /**
   * Counts of slices of `text`, each equal to `count(text.slice(start, end))`: the text is split
   * into the tokenizer's pieces once, so overlapping slices (chunking's search for a chunk's end)
   * do not split and look up the same pieces again.
   */
  rangeCounter(text: string): (start: number, end: number) => number {
    const { pattern, pieceTokens, countText } = encoderFor(this.encoding);
    return new PreTokenisedText(text, pattern, pieceTokens, countText).count;
  }
}
