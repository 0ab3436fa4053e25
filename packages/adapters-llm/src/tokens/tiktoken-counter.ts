import { createRequire } from 'node:module';
import { BoundedMap, type TokenCounter } from '@chatbuddy/core';
import {
  mergedTokenCount,
  mergeWindows,
  RankTable,
  shortMergeCount,
  shortMergeLength,
} from './byte-pair-count.js';
import { o200kPieceEnd, PieceCounts } from './o200k-split.js';
import { type FastSplit, PreTokenisedText } from './pre-tokenised-text.js';

export type TiktokenEncodingName = 'o200k_base' | 'cl100k_base';

const require = createRequire(import.meta.url);
/** The parts of `gpt-tokenizer`'s byte-pair core used here (its encoding object keeps it as a field). */
interface BytePairCore {
  bytePairStringRankEncoder: Map<string, number>;
  getBpeRankFromString: (text: string) => number | undefined;
  getBpeRankFromBytes: (bytes: Uint8Array) => number | undefined;
  /** Tokens of one piece of the split, by the reference merge loop, with a cache of pieces. */
  bytePairEncode: (piece: string) => number[];
}
interface Encoder {
  countText: (text: string) => number;
  /** Tokens of one piece of the pre-tokenisation. */
  pieceTokens: (piece: string) => number;
  /** The tokenizer's own split pattern (a fresh copy: its `lastIndex` is ours). */
  pattern: RegExp;
  /** The split without the pattern, where this encoding has one. */
  fast?: FastSplit;
}
const encoders = new Map<TiktokenEncodingName, Encoder>();
// Shorter texts are counted faster than a long key is hashed and compared.
const memoisedLength = 256;
const splitPatternNames = {
  o200k_base: 'O200K_TOKEN_SPLIT_REGEX',
  cl100k_base: 'CL100K_TOKEN_SPLIT_REGEX',
} as const;
/** Slots of the table of pieces' counts: it holds up to half as many pieces (131,072). */
const pieceSlots = 1 << 18;
/** Longer pieces are not remembered: they are rarely seen twice, and 131,072 of them would be large. */
const rememberedPieceLength = 64;
/** Pieces up to this length go through `gpt-tokenizer`'s own merge loop, quadratic but fast when short. */
const referenceLoopLength = 64;
const utf8 = new TextEncoder();

function bytePairCoreOf(encoding: TiktokenEncodingName): BytePairCore {
  const loaded = require(`gpt-tokenizer/encoding/${encoding}`) as { default?: object };
  const core = (loaded.default as { bytePairEncodingCoreProcessor?: BytePairCore } | undefined)
    ?.bytePairEncodingCoreProcessor;
  if (
    !(core?.bytePairStringRankEncoder instanceof Map) ||
    typeof core.getBpeRankFromString !== 'function' ||
    typeof core.getBpeRankFromBytes !== 'function' ||
    typeof core.bytePairEncode !== 'function'
  ) {
    throw new Error(`gpt-tokenizer's ${encoding} encoding does not expose its byte-pair core`);
  }
  return core;
}

const ascii = /^[\x00-\x7f]*$/;
const loneSurrogate = /[\ud800-\udfff]/u;
const loneSurrogates = /[\ud800-\udfff]/gu;

/**
 * Tokens of one window of a long piece by `mergedTokenCount` (a short ASCII one by
 * `shortMergeCount`). A byte range on character boundaries is looked up as a slice of the text,
 * as `gpt-tokenizer` does after decoding it; any other range is not valid UTF-8 and goes to its
 * lookup of byte tokens.
 */
function windowTokens(core: BytePairCore, ranks: RankTable, window: string): number {
  if (ascii.test(window))
    return window.length <= shortMergeLength
      ? shortMergeCount(window, ranks)
      : mergedTokenCount(window.length, (start, end) => ranks.rankOf(window, start, end));
  // UTF-8 has no lone surrogates: they are encoded as U+FFFD, which the string must show too.
  const text = loneSurrogate.test(window) ? window.replace(loneSurrogates, '\ufffd') : window;
  const bytes = utf8.encode(text);
  // Offset in `text` of each byte that starts a character; -1 for continuation bytes.
  const characterAt = new Int32Array(bytes.length + 1);
  let character = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if ((byte & 0xc0) === 0x80) {
      characterAt[index] = -1;
      continue;
    }
    characterAt[index] = character;
    character += byte >= 0xf0 ? 2 : 1;
  }
  characterAt[bytes.length] = character;
  return mergedTokenCount(bytes.length, (start, end) => {
    const from = characterAt[start]!;
    const to = characterAt[end]!;
    return from >= 0 && to >= 0 ? ranks.rankOf(text, from, to) : partialRank(core, bytes, start, end);
  });
}

/** Ranks of byte sequences that are not whole characters, by their bytes packed into a number. */
const partialRanks = new Map<number, number>();
const maxPartialRanks = 100_000;

/** Rank of `bytes[start, end)`, which is not valid UTF-8 (it starts or ends inside a character). */
function partialRank(core: BytePairCore, bytes: Uint8Array, start: number, end: number): number | undefined {
  if (end - start > 6) return core.getBpeRankFromBytes(bytes.subarray(start, end));
  // Up to six bytes and their number fit in a double exactly.
  let key = end - start;
  for (let index = start; index < end; index++) key = key * 256 + bytes[index]!;
  let rank = partialRanks.get(key);
  if (rank === undefined) {
    rank = core.getBpeRankFromBytes(bytes.subarray(start, end)) ?? -1;
    if (partialRanks.size >= maxPartialRanks) partialRanks.clear();
    partialRanks.set(key, rank);
  }
  return rank < 0 ? undefined : rank;
}

/** Loads an encoding's rank table (1–2 MB) the first time it is needed, once per process. */
function encoderFor(encoding: TiktokenEncodingName): Encoder {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    const core = bytePairCoreOf(encoding);
    const constants = require('gpt-tokenizer/encodingParams/constants') as Record<string, RegExp>;
    const source = constants[splitPatternNames[encoding]]!.source;
    const ranks = new RankTable(core.bytePairStringRankEncoder);
    const merged = (piece: string): number => {
      if (ranks.rankOf(piece, 0, piece.length) !== undefined) return 1;
      if (piece.length <= referenceLoopLength)
        return ascii.test(piece) ? windowTokens(core, ranks, piece) : core.bytePairEncode(piece).length;
      let tokens = 0;
      for (const window of mergeWindows(piece)) {
        tokens +=
          ranks.rankOf(window, 0, window.length) !== undefined ? 1 : windowTokens(core, ranks, window);
      }
      return tokens;
    };
    const counts = new PieceCounts(merged, rememberedPieceLength, pieceSlots);
    const pieceTokens = (piece: string): number =>
      piece.length > rememberedPieceLength ? merged(piece) : counts.tokensOf(piece, 0, piece.length);
    const whole = new RegExp(source, 'gu');
    encoder = {
      // The tokenizer's count: the text split by its pattern, each piece merged on its own.
      countText: (text) => {
        let tokens = 0;
        whole.lastIndex = 0;
        for (let match = whole.exec(text); match !== null; match = whole.exec(text))
          tokens += pieceTokens(match[0]);
        return tokens;
      },
      pattern: new RegExp(source, 'gu'),
      pieceTokens,
    };
    if (encoding === 'o200k_base') {
      encoder.fast = {
        pieceEnd: o200kPieceEnd,
        tokensOf: (text, start, end) => counts.tokensOf(text, start, end),
        maxLength: rememberedPieceLength,
      };
    }
    encoders.set(encoding, encoder);
  }
  return encoder;
}

/**
 * `TokenCounter` with OpenAI's BPE (o200k_base by default, cl100k_base for older models), computed
 * with `gpt-tokenizer`'s rank tables: the same counts as tiktoken, with a cache of encoded pieces that
 * makes repeated text (passages, prompts) several times cheaper to count. Special-token markers in
 * user text count as plain text, never as control tokens.
 *
 * Chunking splits every document it cuts: for `o200k_base`, `rangeCounter` computes the split of
 * ASCII text character by character and looks pieces up without making a string of each
 * (`o200k-split.ts`), running the pattern only where a character that decides a piece is not ASCII.
 * On the benchmark corpus this halves the split's time (about 600 → 300 ms for 10 MB).
 *
 * The cost stays linear in the text however it is made: a piece of the split longer than 64
 * characters is merged by `mergedTokenCount` in O(n log n) instead of the reference loop's O(n²),
 * which took minutes for one upload holding a long run without a break (a line of dashes, padding,
 * text in a script without spaces). A piece longer than 21,845 characters, which is never
 * language, is counted in windows of that length: at most one token more per window. Other
 * providers' tokenizers differ by a few percent, close enough to estimate usage a provider did not
 * report and to reserve quota before a call.
 *
 * Pieces seen the first time are merged with the ranks looked up by slices of the piece
 * (`RankTable`), and a short ASCII piece by the reference loop (`shortMergeCount`): on the
 * benchmark corpus the first chunking of 10 MB took 876 ms instead of 1,174.
 *
 * The rank table is built at the first count, not at start: it holds about 60 MiB resident (and
 * 8 MiB more for the lookup by slices, 4 MiB for cl100k_base), which
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
    const { pattern, pieceTokens, countText, fast } = encoderFor(this.encoding);
    return new PreTokenisedText(text, pattern, pieceTokens, countText, fast).count;
  }
}
