/**
 * The pre-tokenisation of `o200k_base` (its split pattern, below) computed character by character
 * for ASCII text, with the pieces' counts kept in a table that is looked up without making a
 * string for each piece. Splitting a document this way is several times faster than running the
 * pattern and looking every piece up by a new string, and chunking splits every document it
 * cuts. Where a character that decides a piece is not ASCII, the caller runs the pattern itself
 * from that piece's start: its classes of letters, marks, digits and white space are Unicode's.
 *
 * The pattern, alternatives in order (L letters, Lu/Lt upper and title case, Ll lower case,
 * Lm/Lo modifier and other letters, M marks, N numbers, \s white space):
 * 1. `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?`
 * 2. `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'(?:…))?`
 * 3. `\p{N}{1,3}`
 * 4. ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
 * 5. `\s*[\r\n]+`
 * 6. `\s+(?!\S)`
 * 7. `\s+`
 * In ASCII no letter is both upper and lower case, and none is a modifier, other letter or mark.
 */

import { sliceHash } from './byte-pair-count.js';

const upper = 1;
const lower = 2;
const digit = 4;
const space = 8;
const lineBreak = 16;
/** Not white space, a letter or a digit: what alternative 4 runs over. */
const other = 32;

const classes = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (code >= 65 && code <= 90) classes[code] = upper;
  else if (code >= 97 && code <= 122) classes[code] = lower;
  else if (code >= 48 && code <= 57) classes[code] = digit;
  else if (code === 10 || code === 13) classes[code] = space | lineBreak;
  else if ((code >= 9 && code <= 13) || code === 32) classes[code] = space;
  else classes[code] = other;
}

/** A piece could not be decided from ASCII alone. */
export const notAscii = -1;

/** Class bits of the character at `index`; `notAscii` past ASCII, 0 at the end of the text. */
function classAt(text: string, index: number): number {
  if (index >= text.length) return 0;
  const code = text.charCodeAt(index);
  return code < 128 ? classes[code]! : notAscii;
}

/** End of an optional contraction (`'s`, `'ll`, …, either case) at `index`, else `index`. */
function afterContraction(text: string, index: number): number {
  if (text.charCodeAt(index) !== 39) return index;
  const first = text.charCodeAt(index + 1) | 32;
  if (first === 115 || first === 100 || first === 109 || first === 116) return index + 2; // s d m t
  const second = text.charCodeAt(index + 2) | 32;
  if ((first === 108 && second === 108) || ((first === 118 || first === 114) && second === 101))
    return index + 3; // ll ve re
  return index;
}

/**
 * End of the `o200k_base` piece that starts at `start` (< `text.length`), or `notAscii` when a
 * character that decides it is not ASCII.
 */
export function o200kPieceEnd(text: string, start: number): number {
  const first = classAt(text, start);
  if (first === notAscii) return notAscii;
  // 1 and 2: letters, after one character that is not a line break, letter or digit.
  const letters =
    first & (upper | lower) ? start : first & (space | other) && !(first & lineBreak) ? start + 1 : -1;
  if (letters >= 0) {
    let index = letters;
    let found = classAt(text, index);
    while (found === upper) found = classAt(text, ++index);
    if (found === notAscii) return notAscii;
    if (found === lower) {
      while (found === lower) found = classAt(text, ++index);
      if (found === notAscii) return notAscii;
      return afterContraction(text, index);
    }
    if (index > letters) return afterContraction(text, index);
  }
  // 3: up to three digits.
  if (first === digit) {
    let index = start + 1;
    while (index < start + 3) {
      const found = classAt(text, index);
      if (found === notAscii) return notAscii;
      if (found !== digit) break;
      index++;
    }
    return index;
  }
  // 4: an optional space, other characters, then line breaks and slashes.
  const others = text.charCodeAt(start) === 32 ? start + 1 : start;
  if (classAt(text, others) === other) {
    let index = others;
    let found = other;
    while (found === other) found = classAt(text, ++index);
    if (found === notAscii) return notAscii;
    for (;;) {
      const code = text.charCodeAt(index);
      if (code !== 10 && code !== 13 && code !== 47) return index;
      index++;
    }
  }
  if (classAt(text, others) === notAscii) return notAscii;
  // 5–7: white space (the only class left).
  let end = start;
  let lastBreak = -1;
  let found = first;
  while (found > 0 && found & space) {
    if (found & lineBreak) lastBreak = end;
    found = classAt(text, ++end);
  }
  // A character after the run that is not ASCII may be white space that continues it.
  if (found === notAscii) return notAscii;
  if (lastBreak >= 0) return lastBreak + 1;
  if (end === text.length || end - start === 1) return end;
  return end - 1;
}

/**
 * Token counts of pieces of at most `maxLength` characters, looked up by a slice of a text
 * without making a string of it: open addressing on a hash of the characters (`sliceHash`, as
 * `RankTable` looks up ranks), checked against the piece itself. Holds at most `capacity / 2` pieces and forgets them all when full.
 */
export class PieceCounts {
  private readonly mask: number;
  private readonly hashes: Int32Array;
  /** Tokens of the piece in each slot, 0 for an empty slot (a piece has at least one token). */
  private readonly tokens: Int32Array;
  private readonly pieces: string[];
  private size = 0;

  constructor(
    private readonly count: (piece: string) => number,
    readonly maxLength = 64,
    capacity = 1 << 18,
  ) {
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.tokens = new Int32Array(capacity);
    this.pieces = new Array<string>(capacity);
  }

  /** Tokens of `text.slice(start, end)` (at most `maxLength` characters). */
  tokensOf(text: string, start: number, end: number): number {
    const hash = sliceHash(text, start, end);
    const { mask, hashes, tokens, pieces } = this;
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const stored = tokens[slot]!;
      if (stored === 0) break;
      if (hashes[slot] === hash) {
        const piece = pieces[slot]!;
        if (piece.length === length && text.startsWith(piece, start)) return stored;
      }
      slot = (slot + 1) & mask;
    }
    const piece = text.slice(start, end);
    const counted = this.count(piece);
    if (counted <= 0) return counted;
    if (this.size >= (mask + 1) >>> 1) {
      this.tokens.fill(0);
      this.pieces.fill('');
      this.size = 0;
      slot = hash & mask;
    }
    hashes[slot] = hash;
    tokens[slot] = counted;
    pieces[slot] = piece;
    this.size++;
    return counted;
  }
}
