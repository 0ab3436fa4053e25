import { readFileSync, unlinkSync } from 'node:fs';

// File and process helpers of the data-folder lock (data-folder-lock.ts).

/** What /proc/<pid>/stat says of a process; undefined when it cannot be read (gone, or not Linux). */
export interface ProcessStatus {
  /** Start time in clock ticks since boot (field 22): tells a reused pid from the one recorded. */
  start: string | undefined;
  /**
   * Ended but not yet collected by its parent (state `Z` or `X`, field 3): such a process holds no
   * file and no memory, yet its pid still answers.
   */
  ended: boolean;
}

export function processStatus(pid: number): ProcessStatus | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { start: fields[19], ended: fields[0] === 'Z' || fields[0] === 'X' };
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat, the start time in clock ticks since boot; undefined elsewhere. */
export function processStart(pid: number): string | undefined {
  return processStatus(pid)?.start;
}

export function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

export function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}
