/**
 * Watches the event loop and the process while `work` runs: the longest gap between ticks of a
 * 10 ms timer (long when something blocks the loop), the elapsed time, the process's CPU time (all threads) and its peak RSS.
 */
export async function probe<T>(work: () => Promise<T>) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let last = started;
  let longestGap = 0;
  let ticks = 0;
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
    ticks++;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  const outcome = await work().then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  clearInterval(timer);
  const elapsedMs = performance.now() - started;
  longestGap = Math.max(longestGap, performance.now() - last);
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { ...outcome, elapsedMs, longestGapMs: longestGap, ticks, cpuMs, peakRssMb: peakRss / 2 ** 20 };
}
