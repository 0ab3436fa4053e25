import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { processStart, processStatus, readRaw, sleep, unlinkQuietly } from './lock-file.js';

/**
 * Another process (usually `chatbuddy serve`) holds the embedded database in this data folder.
 * PGlite is single-writer: a second process opening the same folder sees stale data and its
 * writes are lost, so it must not open it at all.
 */
export class DataFolderLockedError extends Error {
  readonly code = 'data_folder_locked';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the server is running on this data folder (pid ${pid}); stop it or use the HTTP API (data folder: ${dataDir})`,
    );
    this.name = 'DataFolderLockedError';
  }
}

/** What the lock file holds: the owner's pid and when it (and the process) started. */
export interface LockOwner {
  pid: number;
  lockedAt: string;
  /** Process start time in clock ticks since boot (Linux); tells a reused pid from the owner. */
  processStart?: string;
}

export interface DataFolderLock {
  readonly path: string;
  /** Removes the lock file (when it is still ours). Safe to call twice. */
  release(): void;
}

export const lockFileName = 'chatbuddy.lock';

/** Lock files this process holds, by path. */
const held = new Map<string, string>();

/**
 * Takes the exclusive lock on `dataDir` (which must exist): a lock file created with O_EXCL that
 * names this process. A lock whose process is gone (killed, crashed) is stale and taken over.
 * @throws DataFolderLockedError when a live process holds it (this one included).
 */
export function lockDataFolder(dataDir: string): DataFolderLock {
  const path = join(dataDir, lockFileName);
  const content = JSON.stringify(currentOwner());
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const descriptor = openSync(path, 'wx', 0o644);
      try {
        writeSync(descriptor, content);
      } finally {
        closeSync(descriptor);
      }
      return hold(path, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const { raw, owner } = readOwner(path);
    if (raw === null) continue; // released meanwhile: try again
    if (owner && isAlive(owner, path)) throw new DataFolderLockedError(dataDir, owner.pid);
    // Stale: remove it only if nobody replaced it since we read it, then race for it again.
    if (readRaw(path) === raw) unlinkQuietly(path);
  }
  throw new Error(`could not take the lock ${path}; another process keeps replacing it`);
}

/** Reads the lock file; an empty or half-written file is re-read briefly before it counts as stale. */
function readOwner(path: string): { raw: string | null; owner: LockOwner | null } {
  for (let wait = 0; wait < 10; wait += 1) {
    const raw = readRaw(path);
    if (raw === null) return { raw, owner: null };
    const owner = parseOwner(raw);
    if (owner) return { raw, owner };
    sleep(20);
  }
  return { raw: readRaw(path), owner: null };
}

/** Whether the process named by `owner` still runs (and is the same process, not a reused pid). */
function isAlive(owner: LockOwner, path: string): boolean {
  if (owner.pid === process.pid) return held.has(path);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const status = processStatus(owner.pid);
  // Killed, but not yet collected by its parent (a supervisor that reaps late): it is gone.
  if (status?.ended) return false;
  const start = status?.start;
  return !(owner.processStart && start && start !== owner.processStart);
}

function hold(path: string, content: string): DataFolderLock {
  held.set(path, content);
  watchExit();
  return { path, release: () => release(path) };
}

function release(path: string): void {
  const content = held.get(path);
  if (content === undefined) return;
  held.delete(path);
  if (readRaw(path) === content) unlinkQuietly(path);
  if (held.size === 0) unwatchExit();
}

function releaseAll(): void {
  for (const path of [...held.keys()]) release(path);
}

const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * A signal that nothing else handles would end the process without running `close()`; release
 * the locks, then let the signal end the process as it would have. When the application handles
 * the signal itself (`chatbuddy serve` shuts down and closes), it releases the lock on close.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  releaseAll();
  process.kill(process.pid, signal);
}

function watchExit(): void {
  if (process.listeners('exit').includes(releaseAll)) return;
  process.on('exit', releaseAll);
  for (const signal of signals) process.on(signal, onSignal);
}

function unwatchExit(): void {
  process.off('exit', releaseAll);
  for (const signal of signals) process.off(signal, onSignal);
}

function currentOwner(): LockOwner {
  const start = processStart(process.pid);
  return { pid: process.pid, lockedAt: new Date().toISOString(), ...(start ? { processStart: start } : {}) };
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    return Number.isInteger(value.pid) && (value.pid ?? 0) > 0 ? (value as LockOwner) : null;
  } catch {
    return null;
  }
}
