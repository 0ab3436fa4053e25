/** Small statistics helpers of the benchmark (no dependencies). */

/** The median of `values` (0 when empty). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The `fraction` quantile of `values` by linear interpolation (0 when empty). */
export function quantile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** Rounds for display. */
export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
