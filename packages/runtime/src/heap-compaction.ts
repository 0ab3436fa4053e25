import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

let collect: Collect | null | undefined;

/** V8's collector, exposed for this module only (the process's own `gc` when it was started with one). */
function collector(): Collect | null {
  if (collect !== undefined) return collect;
  const own = (globalThis as { gc?: Collect }).gc;
  if (own) {
    collect = own;
    return collect;
  }
  try {
    // `--expose-gc` puts `gc` on contexts created while it is set: one new context takes it, and
    // the flag goes back off so that no later context (a worker, a `vm` script) sees it.
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  } catch {
    collect = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collect;
}

/**
 * Gives back the memory that starting up left behind: one full, memory-reducing collection
 * (`last-resort`: the old generation compacted and the young one shrunk to its minimum). Start-up
 * (loading modules, migrating, reading the search data and its snapshot) allocates in bursts that
 * grow V8's young generation to its largest size (2 × 16 MiB), and an idle process runs no
 * collection that would shrink it again, so without this an idle server keeps ~30 MiB of empty
 * young generation and the garbage of its start resident. It blocks the thread for the length of
 * one full collection (tens of milliseconds; a few hundred with a 100k-chunk search mirror), so it
 * runs once, when the search data is in memory. Returns whether V8's collector was available.
 */
export function compactHeap(): boolean {
  const run = collector();
  if (!run) return false;
  run({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}

/** Below this share of an interval spent running JavaScript, the process counts as idle. */
const idleUtilization = 0.002;

export interface IdleCompactionOptions {
  intervalMs?: number;
  /** The share of the time since the previous call that the event loop spent busy (0–1). */
  busyShare?: () => number;
  compact?: () => unknown;
}

/** The event loop's utilisation since the previous call (Node's `eventLoopUtilization`). */
function eventLoopBusyShare(): () => number {
  let since = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, since).utilization;
    since = now;
    return busy;
  };
}

/**
 * Compacts the heap once after each spell of activity, when a whole interval (a minute) has
 * passed with the event loop idle (health probes alone stay below the threshold): traffic grows
 * the young generation again, and nothing else would shrink it while no request comes. Returns a
 * stop function; the timer never keeps the process alive.
 */
export function compactWhenIdle(options: IdleCompactionOptions = {}): () => void {
  const busyShare = options.busyShare ?? eventLoopBusyShare();
  const compact = options.compact ?? compactHeap;
  let active = false;
  const timer = setInterval(() => {
    if (busyShare() >= idleUtilization) {
      active = true;
    } else if (active) {
      active = false;
      compact();
      busyShare(); // the collection's own time is not activity
    }
  }, options.intervalMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
