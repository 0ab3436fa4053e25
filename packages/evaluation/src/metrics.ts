/** Graded relevance of documents for one query (id → gain; absent ids have gain 0). */
export type Judgements = ReadonlyMap<string, number>;

/** Keeps the first occurrence of each id (several chunks of one document rank it once). */
export function dedupe(ranked: readonly string[]): string[] {
  return [...new Set(ranked)];
}

/**
 * nDCG@k with linear gains and log2 discounts, as trec_eval computes it:
 * `Σ gain(i) / log2(i + 1)` over ranks 1..k, divided by the same sum of the ideal order.
 * A query without relevant documents scores 0.
 */
export function ndcgAtK(ranked: readonly string[], judgements: Judgements, k: number): number {
  const ideal = [...judgements.values()].filter((gain) => gain > 0).sort((a, b) => b - a);
  let idealGain = 0;
  ideal.slice(0, k).forEach((gain, index) => {
    idealGain += gain / Math.log2(index + 2);
  });
  if (idealGain === 0) return 0;
  let gain = 0;
  dedupe(ranked)
    .slice(0, k)
    .forEach((id, index) => {
      gain += (judgements.get(id) ?? 0) / Math.log2(index + 2);
    });
  return gain / idealGain;
}

/** Share of the relevant documents found in the first k results (0 when none are relevant). */
export function recallAtK(ranked: readonly string[], judgements: Judgements, k: number): number {
  const relevant = [...judgements].filter(([, gain]) => gain > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(dedupe(ranked).slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** Reciprocal rank of the first relevant result within the first k (0 when none). */
export function mrrAtK(ranked: readonly string[], judgements: Judgements, k: number): number {
  const index = dedupe(ranked)
    .slice(0, k)
    .findIndex((id) => (judgements.get(id) ?? 0) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative (ties count one half). NaN when either class is empty.
 */
export function auroc(scores: readonly number[], positives: readonly boolean[]): number {
  if (scores.length !== positives.length) throw new RangeError('scores and labels differ in length');
  const order = scores.map((score, index) => ({ score, positive: positives[index]! }));
  order.sort((a, b) => a.score - b.score);
  let positiveCount = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && order[end]!.score === order[start]!.score) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index++) {
      if (order[index]!.positive) {
        positiveCount++;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negativeCount = order.length - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) return Number.NaN;
  return (rankSum - (positiveCount * (positiveCount + 1)) / 2) / (positiveCount * negativeCount);
}

/** Arithmetic mean (0 for an empty list). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
