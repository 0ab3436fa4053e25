import { getHeapSpaceStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compactHeap, compactWhenIdle } from './heap-compaction.js';

const youngGenerationBytes = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;

describe('compactHeap', () => {
  it('shrinks the young generation that surviving allocations grew', () => {
    const kept: number[][] = [];
    for (let round = 0; round < 200_000; round += 1) kept.push([round, round + 1]);
    expect(kept.length).toBe(200_000);
    expect(compactHeap()).toBe(true);
    expect(youngGenerationBytes()).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('leaves no gc function on this context or on contexts created afterwards', () => {
    const hadOwn = 'gc' in globalThis;
    compactHeap();
    expect('gc' in globalThis).toBe(hadOwn);
    expect(runInNewContext('typeof gc')).toBe(hadOwn ? 'function' : 'undefined');
  });
});

describe('compactWhenIdle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('compacts once after each spell of activity, on the first idle interval', () => {
    vi.useFakeTimers();
    const shares = [0.3, 0.5, 0, 0, 0, 0.01, 0.0001, 0.0001];
    const busyShare = vi.fn(() => shares.shift() ?? 0);
    const compact = vi.fn();
    const stop = compactWhenIdle({ intervalMs: 1000, busyShare, compact });
    vi.advanceTimersByTime(2000); // busy, busy
    expect(compact).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000); // idle after activity: compact (and read the share again)
    expect(compact).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000); // still idle: nothing more
    expect(compact).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2000); // busy again, then idle
    expect(compact).toHaveBeenCalledTimes(2);
    stop();
    vi.advanceTimersByTime(10_000);
    expect(compact).toHaveBeenCalledTimes(2);
  });

  it('never compacts a process that stays idle', () => {
    vi.useFakeTimers();
    const compact = vi.fn();
    const stop = compactWhenIdle({ intervalMs: 1000, busyShare: () => 0.0005, compact });
    vi.advanceTimersByTime(10_000);
    expect(compact).not.toHaveBeenCalled();
    stop();
  });
});
