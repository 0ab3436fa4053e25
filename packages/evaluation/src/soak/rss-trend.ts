/** One resident-memory sample of an instance. */
export interface RssSample {
  /** Seconds since the load started. */
  atSeconds: number;
  rssMiB: number;
}

export interface RssTrend {
  samples: number;
  firstMiB: number;
  lastMiB: number;
  peakMiB: number;
  /** Least-squares slope of the second half of the run, in MiB per minute. */
  lateSlopeMiBPerMinute: number;
}

/** Least-squares slope of `points` (y per x); 0 with fewer than two distinct x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.x - meanX) * (point.y - meanY);
    variance += (point.x - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

/**
 * The memory trend of one instance. The first half holds warm-up (code compiled, the search
 * mirror loaded, pools filled), so growth is judged on the second half only.
 */
export function rssTrend(samples: readonly RssSample[]): RssTrend {
  const late = samples.slice(Math.floor(samples.length / 2));
  const values = samples.map((sample) => sample.rssMiB);
  return {
    samples: samples.length,
    firstMiB: values[0] ?? 0,
    lastMiB: values.at(-1) ?? 0,
    peakMiB: Math.max(0, ...values),
    lateSlopeMiBPerMinute: slope(late.map((sample) => ({ x: sample.atSeconds / 60, y: sample.rssMiB }))),
  };
}
