/** Okapi BM25 parameters: `k1` saturates term frequency, `b` weighs length normalisation. */
export interface Bm25Parameters {
  k1: number;
  b: number;
}

/** Measured on BEIR SciFact (docs/retrieval.md). */
export const defaultBm25Parameters: Bm25Parameters = { k1: 0.9, b: 0.4 };

/** Lucene's idf, `ln(1 + (N − df + 0.5)/(df + 0.5))`: never negative, unlike Robertson's. */
export function bm25Idf(documents: number, documentFrequency: number): number {
  return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** One term's BM25 score in one document: `idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / average))`. */
export function bm25TermScore(
  idf: number,
  termFrequency: number,
  length: number,
  averageLength: number,
  { k1, b }: Bm25Parameters,
): number {
  return (idf * termFrequency * (k1 + 1)) / (termFrequency + k1 * (1 - b + (b * length) / averageLength));
}
