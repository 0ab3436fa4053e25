import { BoundedMap } from '../../../shared/bounded-map.js';
import { detectLanguage, type TextLanguage } from './language.js';
import { germanLightStem, spanishLightStem } from './light-stemmers.js';
import { germanStopWords, spanishStopWords } from './other-stop-words.js';
import { porter2 } from './porter2-stemmer.js';
import { englishStopWords } from './stop-words.js';

const wordPattern = /[\p{L}\p{N}]+/gu;
const marks = /\p{M}+/gu;

/** Lower-cased words of `text`, diacritics folded (`Café` → `cafe`), in order. */
export function tokenize(text: string): string[] {
  return text.normalize('NFKD').replace(marks, '').toLowerCase().match(wordPattern) ?? [];
}

/** Whether `word` (lower case) is an English stop word. */
export function isStopWord(word: string): boolean {
  return englishStopWords.has(word);
}

// Numbers and mixed tokens like `il6` or `2019` are kept as they are.
const alphabetic = /^[a-z']+$/;
const alphabeticFolded = /^[a-zß]+$/;

interface LanguageAnalysis {
  stopWords: ReadonlySet<string>;
  /** Stems of the most recently seen words: corpora repeat words constantly. */
  stems: BoundedMap<string, string>;
  stemOf: (word: string) => string;
}

const languages: Record<TextLanguage, LanguageAnalysis> = {
  en: {
    stopWords: englishStopWords,
    stems: new BoundedMap(50_000),
    stemOf: (word) => (alphabetic.test(word) ? porter2(word) : word),
  },
  de: {
    stopWords: germanStopWords,
    stems: new BoundedMap(20_000),
    stemOf: (word) => (alphabeticFolded.test(word) ? germanLightStem(word) : word),
  },
  es: {
    stopWords: spanishStopWords,
    stems: new BoundedMap(20_000),
    stemOf: (word) => (alphabetic.test(word) ? spanishLightStem(word) : word),
  },
};

/** Porter2 stem of a lower-case English word (memoised). */
export function stem(word: string): string {
  return languages.en.stems.getOrSet(word, languages.en.stemOf);
}

/** The language `analyse` treats `text` as (see `detectLanguage`). */
export function languageOf(text: string): TextLanguage {
  return detectLanguage(tokenize(text));
}

/**
 * Index terms of `text`: tokens without stop words, stemmed. The shared analyser of retrieval.
 * English by default; German or Spanish text (detected, or named by `language` so that the parts
 * of one passage are treated alike) gets that language's stop words and light stemmer.
 */
export function analyse(text: string, language?: TextLanguage): string[] {
  const tokens = tokenize(text);
  const analysis = languages[language ?? detectLanguage(tokens)];
  const terms: string[] = [];
  for (const token of tokens) {
    if (!analysis.stopWords.has(token)) terms.push(analysis.stems.getOrSet(token, analysis.stemOf));
  }
  return terms;
}

/** Term frequencies of `terms`. */
export function termFrequencies(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
