/**
 * A tokenizer's split computed without its pattern: `pieceEnd` gives the end of the piece that
 * starts at an index (negative when it cannot tell, and the pattern decides), `tokensOf` the
 * tokens of a piece of at most `maxLength` characters, given as a slice of the text.
 */
export interface FastSplit {
  pieceEnd(text: string, start: number): number;
  tokensOf(text: string, start: number, end: number): number;
  maxLength: number;
}

/**
 * Exact token counts of many slices of one text, for BPE tokenizers that count each piece of a
 * regular-expression pre-tokenisation on its own (tiktoken's scheme, which `gpt-tokenizer` follows:
 * `countTokens(text)` is the sum of its pieces' counts). The text is split once; a slice's count is
 * then the recount of its first pieces (until the slice's split meets the text's), the stored sum
 * of the text's pieces in between, and the recount of its last characters.
 *
 * Why the middle needs no recount: the split patterns (o200k_base, cl100k_base) have no
 * look-behind, so a match depends only on the characters from its start on; and one attempt reads
 * no further than the end of a run of letters and marks, of white space, or of other characters
 * (with line breaks and slashes), plus three characters. A run cannot contain both white space and
 * a letter or digit, so once the slice holds both after a boundary `b` (and eight characters
 * more), every match before `b` reads only characters inside the slice and is the text's match.
 */
export class PreTokenisedText {
  private readonly starts: number[] = [];
  /** Tokens of the text's pieces before piece `i`. */
  private readonly before: number[] = [0];
  private readonly exact: boolean;

  constructor(
    private readonly text: string,
    private readonly pattern: RegExp,
    /** Tokens of one piece, or -1 when the piece alone would be split differently. */
    private readonly pieceTokens: (piece: string) => number,
    /** Tokens of any text (the tokenizer itself): used when a piece cannot be counted alone. */
    private readonly countText: (text: string) => number,
    /** The split computed without the pattern where it can be (see `FastSplit`). */
    fast?: FastSplit,
  ) {
    this.exact = fast ? this.splitFast(fast) : this.splitByPattern();
    this.starts.push(text.length);
  }

  /** Splits the text by the pattern; whether its pieces cover it and each counts alone. */
  private splitByPattern(): boolean {
    const { text, pattern } = this;
    let end = 0;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const tokens = this.pieceTokens(match[0]);
      if (tokens < 0 || match.index !== end || match[0].length === 0) return false;
      this.starts.push(match.index);
      this.before.push(this.before.at(-1)! + tokens);
      end = match.index + match[0].length;
    }
    return end === text.length;
  }

  /** As `splitByPattern`, with the pattern run only where `fast` cannot decide a piece. */
  private splitFast(fast: FastSplit): boolean {
    const { text, pattern, starts, before } = this;
    let total = 0;
    let start = 0;
    while (start < text.length) {
      let end = fast.pieceEnd(text, start);
      if (end < 0) {
        pattern.lastIndex = start;
        const match = pattern.exec(text);
        if (match === null || match.index !== start || match[0].length === 0) return false;
        end = start + match[0].length;
      }
      const tokens =
        end - start <= fast.maxLength
          ? fast.tokensOf(text, start, end)
          : this.pieceTokens(text.slice(start, end));
      if (tokens < 0) return false;
      starts.push(start);
      total += tokens;
      before.push(total);
      start = end;
    }
    return true;
  }

  /** Tokens of `text.slice(start, end)`. */
  readonly count = (start: number, end: number): number => {
    if (end <= start) return 0;
    if (!this.exact || end - start < 64) return this.recount(start, end, start);
    const slice = this.text.slice(start, end);
    const { pattern } = this;
    pattern.lastIndex = 0;
    let tokens = 0;
    let first = -1;
    for (let match = pattern.exec(slice); match !== null; match = pattern.exec(slice)) {
      first = this.boundary(start + match.index);
      if (first >= 0) break;
      const piece = this.tokensOf(match[0], start + match.index);
      if (piece < 0) return this.countText(slice);
      tokens += piece;
    }
    if (first < 0) return tokens;
    const last = this.lastSafeBoundary(this.starts[first]!, end);
    if (last <= first) {
      const rest = this.recount(this.starts[first]!, end, start);
      return rest < 0 ? this.countText(slice) : tokens + rest;
    }
    const tail = this.recount(this.starts[last]!, end, this.starts[last]!);
    if (tail < 0) return this.countText(slice);
    return tokens + this.before[last]! - this.before[first]! + tail;
  };

  /**
   * Tokens of `piece`, found at `position` of the text. A long piece that is also one of the text's
   * own pieces was counted when the text was split: a run of a million spaces is merged once, not
   * at every slice that ends in it.
   */
  private tokensOf(piece: string, position: number): number {
    if (piece.length > knownPieceLength && this.exact) {
      const index = this.boundary(position);
      if (index >= 0 && this.starts[index + 1] === position + piece.length) {
        return this.before[index + 1]! - this.before[index]!;
      }
    }
    return this.pieceTokens(piece);
  }

  /** Index of the piece starting at `position`, or -1 when no piece starts there. */
  private boundary(position: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.starts[middle]!;
      if (value === position) return middle;
      if (value < position) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /**
   * The last piece start `b` ≥ `from` such that `text[b, end - 8)` holds a white-space character
   * and a letter or digit; -1 when there is none.
   */
  private lastSafeBoundary(from: number, end: number): number {
    let space = -1;
    let word = -1;
    for (let index = end - 9; index >= from && (space < 0 || word < 0); index--) {
      const character = this.text[index]!;
      if (space < 0 && whiteSpace.test(character)) space = index;
      else if (word < 0 && letterOrDigit.test(character)) word = index;
    }
    if (space < 0 || word < 0) return -1;
    const limit = Math.min(space, word);
    let low = 0;
    let high = this.starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.starts[middle]! <= limit) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  /**
   * Tokens of `text.slice(from, end)` split on its own, where `from` is a boundary of the split of
   * `text.slice(sliceStart, end)`; -1 when a piece cannot be counted alone.
   */
  private recount(from: number, end: number, sliceStart: number): number {
    const rest = this.text.slice(from, end);
    const { pattern } = this;
    pattern.lastIndex = 0;
    let tokens = 0;
    for (let match = pattern.exec(rest); match !== null; match = pattern.exec(rest)) {
      const piece = this.tokensOf(match[0], from + match.index);
      if (piece < 0) return from === sliceStart ? this.countText(rest) : -1;
      tokens += piece;
    }
    return tokens;
  }
}

const whiteSpace = /\s/;
/** Pieces longer than this are looked up among the text's own before they are counted. */
const knownPieceLength = 64;
const letterOrDigit = /[\p{L}\p{N}]/u;
