import { englishStopWords } from './stop-words.js';

/** Languages the offline analyser treats with their own stop words and stemmer. */
export type TextLanguage = 'en' | 'de' | 'es';

// Function words frequent in one language and not English words, so a handful of them is telling.
const markers: Record<Exclude<TextLanguage, 'en'>, ReadonlySet<string>> = {
  de: new Set(
    `der die das und ist nicht ich wir ein eine einen einem einer den dem des mit auf fur von zu zum zur
    im wie kann sind wird werden auch oder aber bei uber wenn ihr ihre ihnen sie sich dass noch nur nach
    mein meine gibt bitte welche wann warum`.split(/\s+/),
  ),
  es: new Set(
    `el la los las del que y en un una por con para se su sus al lo como pero esta este hay muy cuando
    donde cual cuanto cuantos puedo puede tambien hasta desde sin sobre le les nos mi usted`.split(/\s+/),
  ),
};

// English stop words that are also words of German or Spanish ("a", "no", "die", "also"): no evidence.
const ambiguous = new Set(
  'a no he me o y e s t d m re ve ll die so an in am also was will man war bin'.split(' '),
);

// Words read from the start of a text: enough to tell, and detection stays cheap on long chunks.
const sampleSize = 400;

/**
 * The language of a text's tokens (lower case, diacritics folded, as `tokenize` returns them):
 * German or Spanish when at least two different marker words of that language occur, they
 * outnumber the English stop words at least two to one and the other language's markers.
 * Otherwise English, the analyser's historical behaviour, so English text is analysed exactly as
 * before (one Spanish-looking word twice, "PKG-la … PGK-la", is not enough).
 */
export function detectLanguage(tokens: readonly string[]): TextLanguage {
  let english = 0;
  const found = { de: new Set<string>(), es: new Set<string>() };
  const scores = { de: 0, es: 0 };
  const count = Math.min(tokens.length, sampleSize);
  for (let index = 0; index < count; index++) {
    const token = tokens[index]!;
    if (markers.de.has(token)) {
      scores.de++;
      found.de.add(token);
    } else if (markers.es.has(token)) {
      scores.es++;
      found.es.add(token);
    } else if (englishStopWords.has(token) && !ambiguous.has(token)) english++;
  }
  const language = scores.de >= scores.es ? 'de' : 'es';
  const other = language === 'de' ? scores.es : scores.de;
  const score = scores[language];
  return found[language].size >= 2 && score >= 2 * english && score > other ? language : 'en';
}

/**
 * Least share of a German or Spanish question's terms that one sentence of the best passage must
 * hold. The confidence model was fitted on English, where the general-English idf tells rare words
 * from common ones; in these languages every word weighs the same, and a passage matching the
 * question's heading or one shared word was answered from with high confidence. Two thirds of
 * the words in one sentence (0.65 leaves room for weights that are not quite equal) is the
 * bar measured on the German and Spanish FAQ set (docs/retrieval.md, Languages).
 */
export const otherLanguageSentenceSupport = 0.65;

/** Whether the best sentence's coverage is enough to answer in `language` (English: always). */
export function isWellSupportedIn(language: TextLanguage, sentenceCoverage: number): boolean {
  return language === 'en' || sentenceCoverage >= otherLanguageSentenceSupport;
}
