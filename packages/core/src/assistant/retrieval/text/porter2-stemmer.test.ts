import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { porter2 } from './porter2-stemmer.js';

/** `word → stem` pairs of the published Snowball English vocabulary, all of them. */
function vocabulary(): [string, string][] {
  const file = new URL('./__fixtures__/porter2-vocabulary.tsv', import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t') as [string, string]);
}

describe('porter2 against the Snowball English vocabulary', () => {
  it('stems every word of the published vocabulary exactly as its output', () => {
    const pairs = vocabulary();
    expect(pairs).toHaveLength(29_417);
    const wrong = pairs.filter(([word, stemmed]) => porter2(word) !== stemmed);
    expect(wrong).toEqual([]);
  });

  it('handles the exceptional words and prefixes of the algorithm', () => {
    const expected: Record<string, string> = {
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
      news: 'news',
      howe: 'howe',
      atlas: 'atlas',
      cosmos: 'cosmos',
      bias: 'bias',
      andes: 'andes',
      innings: 'inning',
      canning: 'canning',
      herrings: 'herring',
      earrings: 'earring',
      proceeds: 'proceed',
      exceeded: 'exceed',
      succeed: 'succeed',
      generate: 'generat',
      general: 'general',
      communism: 'communism',
      community: 'communiti',
      consigned: 'consign',
    };
    for (const [word, stemmed] of Object.entries(expected)) expect(porter2(word), word).toBe(stemmed);
  });

  it('keeps the stems of the algorithm as published, not of later Snowball revisions', () => {
    // Snowball 2.2 and 3.0 changed these (no undoubling after short stems, `evening`, `-ogist`,
    // more prefixes). Stems are stored in every lexical index: changing one is a new analyser.
    const published: Record<string, string> = {
      added: 'ad',
      erred: 'er',
      offing: 'of',
      evening: 'even',
      psychologist: 'psychologist',
      organization: 'organ',
      university: 'univers',
      international: 'intern',
      paste: 'past',
    };
    for (const [word, stemmed] of Object.entries(published)) expect(porter2(word), word).toBe(stemmed);
  });
});
