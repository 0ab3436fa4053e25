import { BoundedMap } from '../../../shared/bounded-map.js';
import { porter2 } from './porter2-stemmer.js';
import { englishStopWords } from './stop-words.js';

const wordPattern = /[\p{L}\p{N}]+/gu;
const marks = /\p{M}+/gu;

/** Lower-cased words of `text`, diacritics folded (`Café` → `cafe`), in order. */
export function tokenize(text: string): string[] {
  return text.normalize('NFKD').replace(marks, '').toLowerCase().match(wordPattern) ?? [];
}

/** Whether `word` (lower case) is a stop word. */
export function isStopWord(word: string): boolean {
  return englishStopWords.has(word);
}

/** Stems of the most recently seen words: corpora repeat words constantly. */
const stems = new BoundedMap<string, string>(50_000);

// Numbers and mixed tokens like `il6` or `2019` are kept as they are.
const stemOf = (word: string) => (/^[a-z']+$/.test(word) ? porter2(word) : word);

/** Porter2 stem of a lower-case word (memoised). */
export function stem(word: string): string {
  return stems.getOrSet(word, stemOf);
}

/** Index terms of `text`: tokens without stop words, stemmed. The shared analyser of retrieval. */
export function analyse(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) if (!englishStopWords.has(token)) terms.push(stem(token));
  return terms;
}

/** Term frequencies of `terms`. */
export function termFrequencies(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
