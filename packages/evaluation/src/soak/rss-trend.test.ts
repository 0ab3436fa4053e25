import { describe, expect, it } from 'vitest';
import { rssTrend, slope } from './rss-trend.js';

describe('rssTrend', () => {
  it('measures the slope of the second half only, in MiB per minute', () => {
    const warmUp = [0, 30, 60].map((atSeconds, index) => ({ atSeconds, rssMiB: 100 + index * 50 }));
    const flat = [90, 120, 150, 180, 210].map((atSeconds) => ({ atSeconds, rssMiB: 200 }));
    const trend = rssTrend([...warmUp, ...flat]);
    expect(trend).toMatchObject({ samples: 8, firstMiB: 100, lastMiB: 200, peakMiB: 200 });
    expect(trend.lateSlopeMiBPerMinute).toBe(0);
  });

  it('finds a steady leak', () => {
    const leaking = Array.from({ length: 20 }, (_, index) => ({ atSeconds: index * 6, rssMiB: 100 + index }));
    expect(rssTrend(leaking).lateSlopeMiBPerMinute).toBeCloseTo(10);
    expect(slope([{ x: 1, y: 5 }])).toBe(0);
  });
});
