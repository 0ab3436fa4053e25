import { analyse, DomainError, type EmbedOptions, type Embedder, tokenize } from '@chatbuddy/core';
import { englishTermWeight } from './english-term-weights.js';
import { addHashed, fnvState, hash32 } from './feature-hashing.js';

/** FNV's state after `w:`, the prefix of a word feature's name. */
const wordFeatureState = fnvState('w:');

/** How telling a word is, before term frequency: general-English rarity or the length stand-in. */
export type LocalWordRarity = 'english' | 'length';

/** Weights of the feature families of the local embedder (measured on BEIR SciFact, see docs/retrieval.md). */
export interface LocalEmbedderOptions {
  dimensions: number;
  /** Stemmed content words. */
  wordWeight: number;
  /** Adjacent stemmed content-word pairs (phrases such as `blood pressur`). */
  bigramWeight: number;
  /** Character n-grams of each content word (spelling variants, compounds, numbers). */
  charGramWeight: number;
  /** n-gram lengths. */
  charGramSizes: readonly number[];
  /**
   * A word's weight is `rarity ** rarityExponent`: `english` is `englishTermWeight` (a fixed idf
   * from everyday-English counts), `length` is `min(length, 12)` (Zipf: longer words are rarer).
   */
  rarity: LocalWordRarity;
  rarityExponent: number;
}

/**
 * The feature sets that have shipped, by version (the `@N` of the model name). A version is a
 * vector space: vectors of one never mix with another's. Version 1 weighed words by length;
 * version 2 by their rarity in everyday English, which ranks better (docs/retrieval.md).
 */
export const localEmbedderVersions = {
  1: {
    dimensions: 512,
    wordWeight: 1,
    bigramWeight: 0,
    charGramWeight: 0,
    charGramSizes: [4],
    rarity: 'length',
    rarityExponent: 0.5,
  },
  2: {
    dimensions: 512,
    wordWeight: 1,
    bigramWeight: 0,
    charGramWeight: 0,
    charGramSizes: [4],
    rarity: 'english',
    rarityExponent: 1,
  },
} as const satisfies Record<number, LocalEmbedderOptions>;

export type LocalEmbedderVersion = keyof typeof localEmbedderVersions;

/** The current version, used for new indexes. */
export const localEmbedderVersion: LocalEmbedderVersion = 2;

/**
 * The offline embedder: a fixed function of the text (no model, no download, no corpus
 * statistics, so vectors stay in one space forever). Hashed, sublinearly weighted features over
 * stemmed words, word pairs and character n-grams, L2-normalised. `version` selects a shipped
 * feature set (default: the current one), so indexes written with an older one stay readable.
 */
export class LocalEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  /** Computed here, with no network call. */
  readonly inProcess = true;
  private readonly options: LocalEmbedderOptions;
  private readonly rarity: (term: string) => number;

  constructor(options: Partial<LocalEmbedderOptions> & { version?: LocalEmbedderVersion } = {}) {
    const { version = localEmbedderVersion, ...overrides } = options;
    const preset: LocalEmbedderOptions = localEmbedderVersions[version];
    if (!preset) throw new DomainError('invalid_input', `Unknown local embedder version ${String(version)}`);
    this.options = { ...preset, ...overrides };
    if (!Number.isInteger(this.options.dimensions) || this.options.dimensions < 8) {
      throw new DomainError('invalid_input', 'The local embedder needs an integer dimension of at least 8');
    }
    this.dimensions = this.options.dimensions;
    // Other feature weights are another vector space: the model name says so.
    const { dimensions: _dimensions, ...features } = this.options;
    const { dimensions: _preset, ...presetFeatures } = preset;
    const variant =
      JSON.stringify(features) === JSON.stringify(presetFeatures)
        ? ''
        : `-${hash32(JSON.stringify(features)).toString(36)}`;
    this.model = `local:hash-${this.dimensions}${variant}@${version}`;
    const { rarity, rarityExponent } = this.options;
    this.rarity = (term) =>
      (rarity === 'english' ? englishTermWeight(term) : Math.min(term.length, 12)) ** rarityExponent;
  }

  async embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    if (options.signal?.aborted) throw new DomainError('provider_error', 'The embedding call was cancelled');
    return texts.map((text) => numbersOf(this.vector(text)));
  }

  /** The embedding of one text (synchronous; exported for benchmarks). */
  vector(text: string): Float64Array {
    const { wordWeight, bigramWeight, charGramWeight, charGramSizes } = this.options;
    // Features in order of first occurrence, by slot: the hash of the feature's name, the weight
    // of one occurrence, and its occurrences. A word's key is its term and its name `w:` + term
    // (hashed on from `w:`'s state, without making the string); a term never holds `:`, so it
    // cannot be the key of a `b:` or `c:` feature, whose key is its name.
    const slots = new Map<unknown, number>();
    const hashes: number[] = [];
    const weights: number[] = [];
    const counts: number[] = [];
    const add = (key: unknown, weight: number, seed?: number) => {
      const slot = slots.get(key);
      if (slot !== undefined) {
        counts[slot]! += 1;
        return;
      }
      slots.set(key, hashes.length);
      hashes.push(hash32(String(key), seed));
      weights.push(weight);
      counts.push(1);
    };
    const terms = analyse(text);
    for (let index = 0; index < terms.length; index++) {
      const term = terms[index]!;
      const slot = slots.get(term);
      if (slot !== undefined && bigramWeight === 0) {
        counts[slot]! += 1;
        continue;
      }
      const prior = this.rarity(term);
      add(term, wordWeight * prior, wordFeatureState);
      if (bigramWeight > 0 && index > 0) add(`b:${terms[index - 1]}_${term}`, bigramWeight * prior);
    }
    if (charGramWeight > 0) {
      for (const token of tokenize(text)) {
        if (token.length < 4) continue;
        const padded = `<${token}>`;
        for (const size of charGramSizes) {
          for (let start = 0; start + size <= padded.length; start++) {
            add(`c:${padded.slice(start, start + size)}`, charGramWeight);
          }
        }
      }
    }
    const vector = new Float64Array(this.dimensions);
    // Sublinear term frequency: a word repeated ten times is not ten times as telling.
    for (let slot = 0; slot < hashes.length; slot++) {
      addHashed(vector, hashes[slot]!, weights[slot]! * (1 + Math.log(counts[slot]!)));
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let index = 0; index < vector.length; index++) vector[index]! /= norm;
    return vector;
  }
}

/**
 * `vector` as a plain array, copied by index: `Array.from` goes through the typed array's
 * iterator, an object and a boxed number per value (most of an upload's garbage, once).
 */
function numbersOf(vector: Float64Array): number[] {
  const numbers = new Array<number>(vector.length);
  for (let index = 0; index < vector.length; index++) numbers[index] = vector[index]!;
  return numbers;
}
