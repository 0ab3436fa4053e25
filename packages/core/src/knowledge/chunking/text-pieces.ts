import { sentenceBoundaryPattern } from '../../shared/sentences.js';

/** How strong the boundary before a piece is; packing prefers to end chunks at strong ones. */
export const boundaryStrength = { character: 0, word: 1, sentence: 2, line: 3, paragraph: 4 } as const;

/** A range of the document text that fits the token budget on its own. */
export interface Piece {
  start: number;
  end: number;
  tokens: number;
  /** Strength of the boundary between the previous piece and this one. */
  breakBefore: number;
}

/** Tokens of `text.slice(start, end)` (see `rangeCounterOf`). */
export type CountRange = (start: number, end: number) => number;

interface Range {
  start: number;
  end: number;
}

// Blank lines and Markdown headings start a new block; single newlines separate lines and list items.
const paragraphPattern = /\n[ \t]*\n|\n(?=[ \t]{0,3}#{1,6}[ \t])/g;
const linePattern = /\n/g;
const sentencePattern = sentenceBoundaryPattern();
const wordPattern = /\s+/g;
const spacePattern = /\s/;

const isSpace = (text: string, index: number): boolean => spacePattern.test(text[index]!);

/** The range without leading and trailing whitespace (empty when only whitespace). */
function trimRange(text: string, start: number, end: number): Range {
  let from = start;
  let to = end;
  while (from < to && isSpace(text, from)) from++;
  while (to > from && isSpace(text, to - 1)) to--;
  return { start: from, end: to };
}

/** Non-empty trimmed parts of `[start, end)` between matches of `pattern`. */
function segments(text: string, range: Range, pattern: RegExp): Range[] {
  const slice = text.slice(range.start, range.end);
  const parts: Range[] = [];
  // The patterns are global and module-level: reset, then fully consumed before any recursion.
  const matcher = pattern;
  matcher.lastIndex = 0;
  let cursor = 0;
  for (let match = matcher.exec(slice); match !== null; match = matcher.exec(slice)) {
    if (match[0].length === 0) matcher.lastIndex++;
    parts.push({ start: cursor, end: match.index });
    cursor = match.index + match[0].length;
  }
  parts.push({ start: cursor, end: slice.length });
  return parts
    .map((part) => trimRange(text, range.start + part.start, range.start + part.end))
    .filter((part) => part.end > part.start);
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Moves `index` back so it never falls inside a surrogate pair. */
function alignToCodePoint(text: string, index: number): number {
  return index > 0 && index < text.length && isLowSurrogate(text.charCodeAt(index)) ? index - 1 : index;
}

function codePointEnd(text: string, index: number): number {
  return index + (text.codePointAt(index)! > 0xffff ? 2 : 1);
}

/** A cut inside a word is taken without searching further once it fills this share of the budget. */
const goodEnoughFill = 0.9;
/** Shares of the budget guessed, in order: a full piece, then one just under in case it overflows. */
const guessedFills = [1, 0.95] as const;

/**
 * A cut of `[range.start, …)` guessed from `charactersPerToken`: the first guess that fits and is
 * full enough (or reaches the end of the range), or `undefined` to search.
 */
function guessedCut(
  text: string,
  range: Range,
  count: CountRange,
  budget: number,
  charactersPerToken: number,
): Omit<Piece, 'breakBefore'> | undefined {
  for (const fill of guessedFills) {
    const guess = Math.min(
      range.end,
      alignToCodePoint(text, range.start + Math.max(1, Math.floor(budget * fill * charactersPerToken))),
    );
    if (guess <= range.start) return undefined;
    const tokens = count(range.start, guess);
    if (tokens <= budget && (tokens >= budget * goodEnoughFill || guess === range.end)) {
      return { start: range.start, end: guess, tokens };
    }
    if (tokens <= budget) return undefined;
  }
  return undefined;
}

/**
 * Cuts a run without whitespace (`tokens` long as a whole) into code-point-aligned pieces of at
 * most `budget` tokens. A single code point counting more than the budget is the only piece
 * allowed to exceed it.
 *
 * Each cut is first guessed from the tokens per character seen so far and taken when it fits and
 * fills at least 90 % of the budget: one or two counts per piece in a long run, instead of a search
 * of a dozen counts that made runs of a few hundred thousand characters (a line of dashes, text in a
 * script without spaces) cost seconds. Otherwise the widest fitting cut is searched for.
 */
function hardSplit(text: string, range: Range, count: CountRange, budget: number, tokens: number): Piece[] {
  const pieces: Piece[] = [];
  let charactersPerToken = (range.end - range.start) / Math.max(1, tokens);
  let start = range.start;
  while (start < range.end) {
    const fits = (end: number) => count(start, end) <= budget;
    const cut = guessedCut(text, { start, end: range.end }, count, budget, charactersPerToken);
    if (cut) {
      pieces.push({ ...cut, breakBefore: boundaryStrength.character });
      charactersPerToken = (cut.end - start) / Math.max(1, cut.tokens);
      start = cut.end;
      continue;
    }
    let good = codePointEnd(text, start);
    let bad = range.end + 1;
    for (let length = Math.max(budget, 1); good < range.end; length *= 2) {
      const probe = Math.min(range.end, alignToCodePoint(text, start + length));
      if (probe <= good) continue;
      if (!fits(probe)) {
        bad = probe;
        break;
      }
      good = probe;
    }
    while (bad - good > 1) {
      const middle = alignToCodePoint(text, Math.floor((good + bad) / 2));
      if (middle <= good) break;
      if (fits(middle)) good = middle;
      else bad = middle;
    }
    const pieceTokens = count(start, good);
    pieces.push({ start, end: good, tokens: pieceTokens, breakBefore: boundaryStrength.character });
    charactersPerToken = (good - start) / Math.max(1, pieceTokens);
    start = good;
  }
  return pieces;
}

const structuralLevels = [
  { pattern: paragraphPattern, strength: boundaryStrength.paragraph },
  { pattern: linePattern, strength: boundaryStrength.line },
  { pattern: sentencePattern, strength: boundaryStrength.sentence },
] as const;

/**
 * Splits `[start, end)` into sentence-sized pieces following the structure (paragraphs and
 * headings, then lines and list items, then sentences); a sentence over the budget is split into
 * words, and a word over the budget into characters.
 */
export function splitIntoPieces(
  text: string,
  start: number,
  end: number,
  count: CountRange,
  budget: number,
): Piece[] {
  const pieces: Piece[] = [];
  const visit = (range: Range, level: number, breakBefore: number): void => {
    const structural = structuralLevels[level];
    if (structural) {
      segments(text, range, structural.pattern).forEach((part, index) => {
        visit(part, level + 1, index === 0 ? breakBefore : structural.strength);
      });
      return;
    }
    const tokens = count(range.start, range.end);
    if (tokens <= budget) {
      pieces.push({ ...range, tokens, breakBefore });
      return;
    }
    segments(text, range, wordPattern).forEach((word, index) => {
      const strength = index === 0 ? breakBefore : boundaryStrength.word;
      const wordTokens = count(word.start, word.end);
      if (wordTokens <= budget) {
        pieces.push({ ...word, tokens: wordTokens, breakBefore: strength });
        return;
      }
      hardSplit(text, word, count, budget, wordTokens).forEach((piece, pieceIndex) => {
        pieces.push(pieceIndex === 0 ? { ...piece, breakBefore: strength } : piece);
      });
    });
  };
  visit(trimRange(text, start, end), 0, boundaryStrength.paragraph);
  return pieces;
}
