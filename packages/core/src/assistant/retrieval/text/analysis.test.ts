import { describe, expect, it } from 'vitest';
import { analyse, isStopWord, stem, termFrequencies, tokenize } from './analysis.js';
import { porter2 } from './porter2-stemmer.js';

describe('porter2', () => {
  it('stems like the Snowball English stemmer', () => {
    const expected: Record<string, string> = {
      caresses: 'caress',
      flies: 'fli',
      dies: 'die',
      denied: 'deni',
      agreed: 'agre',
      humbled: 'humbl',
      sized: 'size',
      meeting: 'meet',
      stating: 'state',
      itemization: 'item',
      sensational: 'sensat',
      traditional: 'tradit',
      reference: 'refer',
      colonizer: 'colon',
      plotted: 'plot',
      generously: 'generous',
      running: 'run',
      kiwis: 'kiwi',
      gas: 'gas',
      ties: 'tie',
      cries: 'cri',
      cry: 'cri',
      say: 'say',
      happily: 'happili',
      knightly: 'knight',
      communication: 'communic',
      electrical: 'electr',
      news: 'news',
      skies: 'sky',
      succeeding: 'succeed',
    };
    for (const [word, stemmed] of Object.entries(expected)) expect(porter2(word), word).toBe(stemmed);
  });

  it('leaves short words alone', () => {
    expect(porter2('is')).toBe('is');
  });
});

describe('analysis', () => {
  it('tokenises lower-case words and folds diacritics', () => {
    expect(tokenize('Café OPENS at 9:30, déjà-vu!')).toEqual([
      'cafe',
      'opens',
      'at',
      '9',
      '30',
      'deja',
      'vu',
    ]);
  });

  it('drops stop words and stems the rest', () => {
    expect(analyse('What are the opening hours of the stores?')).toEqual(['open', 'hour', 'store']);
    expect(isStopWord('the')).toBe(true);
    expect(isStopWord('refund')).toBe(false);
  });

  it('keeps numbers and mixed tokens unstemmed', () => {
    expect(stem('il6')).toBe('il6');
    expect(analyse('In 2019 IL-6 levels rose')).toEqual(['2019', 'il', '6', 'level', 'rose']);
  });

  it('counts term frequencies', () => {
    expect(termFrequencies(['a', 'b', 'a'])).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });
});
