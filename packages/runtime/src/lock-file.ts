import { readFileSync, unlinkSync } from 'node:fs';

// File and process helpers of the data-folder lock (data-folder-lock.ts).

/** The fields of /proc/<pid>/stat after the parenthesised command name; undefined elsewhere. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat, the start time in clock ticks since boot; undefined elsewhere. */
export function processStart(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/**
 * Whether the process has ended but its parent has not collected it yet (state `Z` or `X` in
 * /proc/<pid>/stat). Such a process holds no file and no memory, yet its pid still answers.
 */
export function hasEnded(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state === 'Z' || state === 'X';
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
