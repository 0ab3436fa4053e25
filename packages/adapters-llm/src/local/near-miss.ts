import { analyse, type QuestionTerms, tokenize } from '@chatbuddy/core';

/** What a passage must contain (in its text, heading path or title) to be answered from. */
export interface DistinctiveTerms {
  /** Stemmed question terms of high weight: names, numbers, rare words. */
  terms: readonly string[];
  /** Compound tokens written as one (`HTTP/3`, `pg-pool`, `v2.1`), squashed to letters and digits. */
  compounds: readonly string[];
}

const compound = /[\p{L}\p{N}]+(?:[./+#-][\p{L}\p{N}]+)+|\p{Ll}+\p{Lu}[\p{L}\p{N}]*/gu;
const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The distinctive terms of a question: its terms weighing at least `minWeight` (rare in everyday
 * English, so names, versions and jargon) and its compound tokens. A version such as `HTTP/3`
 * must appear as one token, not as `HTTP` in one place and `3` in another.
 */
export function distinctiveTerms(
  question: string,
  terms: QuestionTerms,
  minWeight: number,
): DistinctiveTerms {
  const rare = [...terms.terms].filter(([, weight]) => weight >= minWeight).map(([term]) => term);
  const compounds = [...question.matchAll(compound)]
    .map((match) => match[0])
    // Hyphenated words ("well-known", "pg-pool") are checked word by word; versions, paths and
    // dotted or camel-case names ("HTTP/3", "v2.1", "node.js", "createServer") as one token.
    .filter((token) => /\d|[/+#.]|[a-z][A-Z]/.test(token))
    .map(squash)
    .filter((token) => token.length > 1);
  return { terms: rare, compounds: [...new Set(compounds)] };
}

/** Whether two words differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function withinOneEdit(first: string, second: string): boolean {
  if (first === second) return true;
  if (Math.abs(first.length - second.length) > 1) return false;
  let start = 0;
  while (start < first.length && first[start] === second[start]) start++;
  const rest = (word: string, skip: number) => word.slice(start + skip);
  if (first.length === second.length) {
    if (rest(first, 1) === rest(second, 1)) return true;
    return (
      first[start] === second[start + 1] &&
      first[start + 1] === second[start] &&
      rest(first, 2) === rest(second, 2)
    );
  }
  return first.length > second.length
    ? rest(first, 1) === rest(second, 0)
    : rest(first, 0) === rest(second, 1);
}

/**
 * Whether a distinctive term is in the text: as a stem; for words, also as a word of the same
 * first five letters (`colonists` / `colonial`) or one typing slip away (`counil` / `council`).
 * Numbers must match exactly: a year that is not there is not there.
 */
function isPresent(term: string, stems: ReadonlySet<string>, words: readonly string[]): boolean {
  if (stems.has(term)) return true;
  if (/\d/.test(term)) return false;
  if (term.length >= 5 && words.some((word) => word.startsWith(term.slice(0, 5)))) return true;
  return term.length >= 4 && words.some((word) => withinOneEdit(term, word));
}

/** The distinctive terms `text` lacks (it should hold the passage, its heading path and title). */
export function missingDistinctive(distinctive: DistinctiveTerms, text: string): string[] {
  if (distinctive.terms.length === 0 && distinctive.compounds.length === 0) return [];
  const stems = new Set(analyse(text));
  const words = [...new Set(tokenize(text))];
  const squashed = squash(text);
  return [
    ...distinctive.terms.filter((term) => !isPresent(term, stems, words)),
    ...distinctive.compounds.filter((token) => !squashed.includes(token)),
  ];
}
