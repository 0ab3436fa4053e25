/**
 * The Porter2 ("English") stemmer of the Snowball project, written from its published algorithm
 * (snowballstem.org/algorithms/english/stemmer.html). Input: one lower-case word.
 */

const vowels = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const doubles = ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'];
const liEndings = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);

const exceptions: Record<string, string> = {
  skis: 'ski',
  skies: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  idly: 'idl',
  gently: 'gentl',
  ugly: 'ugli',
  early: 'earli',
  only: 'onli',
  singly: 'singl',
  sky: 'sky',
  news: 'news',
  howe: 'howe',
  atlas: 'atlas',
  cosmos: 'cosmos',
  bias: 'bias',
  andes: 'andes',
};
const invariantAfterStep1a = new Set([
  'inning',
  'outing',
  'canning',
  'herring',
  'earring',
  'proceed',
  'exceed',
  'succeed',
]);

const step2: Array<[string, string]> = [
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['iveness', 'ive'],
  ['tional', 'tion'],
  ['biliti', 'ble'],
  ['lessli', 'less'],
  ['entli', 'ent'],
  ['ation', 'ate'],
  ['alism', 'al'],
  ['aliti', 'al'],
  ['ousli', 'ous'],
  ['iviti', 'ive'],
  ['fulli', 'ful'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['abli', 'able'],
  ['izer', 'ize'],
  ['ator', 'ate'],
  ['alli', 'al'],
  ['bli', 'ble'],
  ['ogi', 'og'],
  ['li', ''],
];
const step3: Array<[string, string]> = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['alize', 'al'],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ative', ''],
  ['ical', 'ic'],
  ['ness', ''],
  ['ful', ''],
];
const step4 = [
  'ement',
  'ance',
  'ence',
  'able',
  'ible',
  'ment',
  'ant',
  'ent',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
  'ion',
  'al',
  'er',
  'ic',
];

const isVowel = (char: string | undefined): boolean => char !== undefined && vowels.has(char);

/** Start of the region after the first non-vowel that follows a vowel, from `from`. */
function regionAfter(word: string, from: number): number {
  for (let index = from + 1; index < word.length; index++) {
    if (!isVowel(word[index]) && isVowel(word[index - 1])) return index + 1;
  }
  return word.length;
}

/** Whether the syllable ending just before `end` is short. */
function isShortSyllable(word: string, end: number): boolean {
  if (end === 2) return isVowel(word[0]) && !isVowel(word[1]);
  if (end < 3) return false;
  const [before, vowel, after] = [word[end - 3], word[end - 2], word[end - 1]];
  return !isVowel(before) && isVowel(vowel) && !isVowel(after) && !'wxY'.includes(after!);
}

function containsVowel(text: string): boolean {
  for (const char of text) if (isVowel(char)) return true;
  return false;
}

/** Stems one lower-case word with Porter2. */
export function porter2(input: string): string {
  if (input.length <= 2) return input;
  const exception = exceptions[input];
  if (exception) return exception;

  let word = input.startsWith("'") ? input.slice(1) : input;
  if (word.startsWith('y')) word = `Y${word.slice(1)}`;
  word = word.replace(/([aeiouy])y/g, '$1Y');

  const r1 = /^(gener|commun|arsen)/.test(word)
    ? (/^(gener|commun|arsen)/.exec(word)?.[0].length ?? 0)
    : regionAfter(word, 0);
  const r2 = regionAfter(word, r1);
  const inR1 = (suffix: string) => word.length - suffix.length >= r1;
  const inR2 = (suffix: string) => word.length - suffix.length >= r2;
  const isShortWord = () => isShortSyllable(word, word.length) && r1 >= word.length;

  // Step 0: possessives.
  for (const suffix of ["'s'", "'s", "'"]) {
    if (word.endsWith(suffix)) {
      word = word.slice(0, -suffix.length);
      break;
    }
  }

  // Step 1a: plurals.
  if (word.endsWith('sses')) word = word.slice(0, -2);
  else if (word.endsWith('ied') || word.endsWith('ies')) word = word.slice(0, word.length > 4 ? -2 : -1);
  else if (word.endsWith('us') || word.endsWith('ss')) {
    // kept
  } else if (word.endsWith('s') && containsVowel(word.slice(0, -2))) word = word.slice(0, -1);

  if (invariantAfterStep1a.has(word)) return word;

  // Step 1b: past tenses and gerunds.
  const eed = ['eedly', 'eed'].find((suffix) => word.endsWith(suffix));
  const ed = ['ingly', 'edly', 'ing', 'ed'].find((suffix) => word.endsWith(suffix));
  if (eed && (!ed || eed.length >= ed.length)) {
    if (inR1(eed)) word = `${word.slice(0, -eed.length)}ee`;
  } else if (ed && containsVowel(word.slice(0, -ed.length))) {
    word = word.slice(0, -ed.length);
    if (word.endsWith('at') || word.endsWith('bl') || word.endsWith('iz')) word += 'e';
    else if (doubles.some((double) => word.endsWith(double))) word = word.slice(0, -1);
    else if (isShortWord()) word += 'e';
  }

  // Step 1c: y → i after a consonant that is not the first letter.
  if (word.length > 2 && /[yY]$/.test(word) && !isVowel(word[word.length - 2])) {
    word = `${word.slice(0, -1)}i`;
  }

  // Step 2.
  const second = step2.find(([suffix]) => word.endsWith(suffix));
  if (second && inR1(second[0])) {
    const [suffix, replacement] = second;
    const stem = word.slice(0, -suffix.length);
    if (suffix === 'ogi') {
      if (stem.endsWith('l')) word = `${stem}og`;
    } else if (suffix === 'li') {
      if (liEndings.has(stem[stem.length - 1] ?? '')) word = stem;
    } else word = stem + replacement;
  }

  // Step 3.
  const third = step3.find(([suffix]) => word.endsWith(suffix));
  if (third && inR1(third[0])) {
    const [suffix, replacement] = third;
    if (suffix !== 'ative' || inR2(suffix)) word = word.slice(0, -suffix.length) + replacement;
  }

  // Step 4.
  const fourth = step4.find((suffix) => word.endsWith(suffix));
  if (fourth && inR2(fourth)) {
    const stem = word.slice(0, -fourth.length);
    if (fourth !== 'ion' || stem.endsWith('s') || stem.endsWith('t')) word = stem;
  }

  // Step 5.
  if (word.endsWith('e')) {
    if (inR2('e') || (inR1('e') && !isShortSyllable(word, word.length - 1))) word = word.slice(0, -1);
  } else if (word.endsWith('ll') && inR2('l')) word = word.slice(0, -1);

  return word.replaceAll('Y', 'y');
}
