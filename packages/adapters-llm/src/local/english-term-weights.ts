import { stem } from '@chatbuddy/core';
import { englishStemCounts, englishWordsStemmedAtLoad } from './english-stem-counts.js';

let table: { counts: Map<unknown, number>; total: number } | null = null;

/**
 * Counts per Porter2 stem over SUBTLEX-US (74,286 words of film subtitles), read once from the
 * table stemmed ahead of time (`english-stem-counts.ts`): stemming the 74k words at first use took
 * about half a second of the first embedding. Porter2's stem of `constructor` is Object's
 * constructor function (its exception table is a plain object); that word is still stemmed here so
 * that its weight, and the vectors of texts that contain it, stay what they were.
 */
function load(): { counts: Map<unknown, number>; total: number } {
  if (table) return table;
  const counts = new Map<unknown, number>();
  let total = 0;
  const add = (lines: string, keyOf: (text: string) => unknown) => {
    for (const line of lines.split('\n')) {
      const space = line.indexOf(' ');
      const key = keyOf(line.slice(0, space));
      const count = Number(line.slice(space + 1));
      counts.set(key, (counts.get(key) ?? 0) + count);
      total += count;
    }
  };
  add(englishStemCounts, (key) => key);
  add(englishWordsStemmedAtLoad, stem);
  table = { counts, total };
  return table;
}

/**
 * Weight of a stemmed term by its rarity in everyday English: `ln((N + 1) / (count + 1))`, at
 * least 1. A fixed table (no corpus statistics), so it means the same in every project: "year" or
 * "name" weigh little, "warsaw" or "mitochondria" a lot. Pass it as the retriever's and the local
 * chat model's `termWeight`; it lifted the in-corpus / out-of-corpus separation on SQuAD 2.0
 * (docs/retrieval.md).
 */
export function englishTermWeight(term: string): number {
  const { counts, total } = load();
  return Math.max(1, Math.log((total + 1) / ((counts.get(term) ?? 0) + 1)));
}
