/**
 * Light stemmers for German and Spanish after Jacques Savoy ("Light Stemming Approaches for the
 * French, Portuguese, German and Hungarian Languages", 2006; the Spanish one from his Unine
 * stemmers), as Lucene's `GermanLightStemmer` and `SpanishLightStemmer` implement them. They
 * remove inflection (plural, case, gender) and nothing else, so they rarely conflate words of
 * different meaning. Input is a lower-case word with diacritics already folded by `tokenize`.
 */

const germanStEnding = new Set('bdfghklmnt');

function germanStep1(word: string): string {
  const length = word.length;
  if (length > 5 && word.endsWith('ern')) return word.slice(0, -3);
  if (length > 4 && word[length - 2] === 'e' && 'mnrs'.includes(word[length - 1]!)) return word.slice(0, -2);
  if (length > 3 && word.endsWith('e')) return word.slice(0, -1);
  if (length > 3 && word.endsWith('s') && germanStEnding.has(word[length - 2]!)) return word.slice(0, -1);
  return word;
}

function germanStep2(word: string): string {
  const length = word.length;
  if (length > 5 && word.endsWith('est')) return word.slice(0, -3);
  if (length > 4 && (word.endsWith('er') || word.endsWith('en'))) return word.slice(0, -2);
  if (length > 4 && word.endsWith('st') && germanStEnding.has(word[length - 3]!)) return word.slice(0, -2);
  return word;
}

/** Savoy's light German stem of a lower-case, diacritic-folded word (`versandkosten` → `versandkost`). */
export function germanLightStem(word: string): string {
  return germanStep2(germanStep1(word));
}

/** Savoy's light Spanish stem of a lower-case, diacritic-folded word (`devoluciones` → `devolucion`). */
export function spanishLightStem(word: string): string {
  const length = word.length;
  if (length < 5) return word;
  const last = word[length - 1]!;
  if (last === 'o' || last === 'a' || last === 'e') return word.slice(0, -1);
  if (last === 's') {
    if (word.endsWith('eses')) return word.slice(0, -2);
    if (word.endsWith('ces')) return `${word.slice(0, -3)}z`;
    if ('oae'.includes(word[length - 2]!)) return word.slice(0, -2);
  }
  return word;
}
