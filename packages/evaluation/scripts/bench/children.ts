/**
 * Child processes of the benchmark (servers, Chroma): started with a deadline, tracked, and always
 * ended — on success, on error and on SIGINT/SIGTERM of the benchmark itself.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage } from './protocol.js';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
export const repositoryRoot = join(benchDirectory, '..', '..', '..', '..');
const cleanups = new Set<() => void | Promise<void>>();

/** Registers work to do when the benchmark ends, however it ends; returns an unregister function. */
export function onCleanup(cleanup: () => void | Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup (newest first), each at most once. */
export async function cleanupAll(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      await cleanup();
    } catch (error) {
      console.error(`bench: cleanup failed: ${(error as Error).message}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`bench: ${signal}, stopping child processes`);
    cleanupAll().finally(() => process.exit(130));
  });
}

export interface NodeChild {
  process: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Sends a message and waits for the reply of the same type. */
  request<T>(message: { type: string } & Record<string, unknown>, timeoutMs: number): Promise<T>;
  /** Stops gracefully, then kills after a deadline. */
  stop(): Promise<void>;
}

/** Starts a TypeScript entry of this folder as a Node child with IPC; resolves once it is ready. */
export async function startNodeChild(
  entry: string,
  environment: Record<string, string>,
  timeoutMs = 120_000,
): Promise<NodeChild> {
  const child = spawn(
    process.execPath,
    ['--conditions=@chatbuddy/source', '--import', 'tsx', join(benchDirectory, entry)],
    {
      cwd: repositoryRoot,
      env: { ...process.env, ...environment },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send?.({ type: 'stop' }, () => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const unregister = onCleanup(kill);
  const ready = await new Promise<ChildMessage & { type: 'ready' }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} not ready after ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with code ${code} before it was ready`));
    });
  }).catch(async (error) => {
    await kill();
    unregister();
    throw error;
  });
  return {
    process: child,
    pid: ready.pid,
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}`,
    request: <T>(message: { type: string } & Record<string, unknown>, requestTimeoutMs: number) =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${message.type} reply`)), requestTimeoutMs);
        const listener = (reply: { type: string } & T) => {
          if (reply.type !== message.type) return;
          clearTimeout(timer);
          child.off('message', listener);
          resolve(reply);
        };
        child.on('message', listener);
        child.send(message);
      }),
    stop: async () => {
      await kill();
      unregister();
    },
  };
}

/** Resident set size of a process in MiB (Linux /proc), or null when unreadable. */
export function residentMebibytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kilobytes ? Number(kilobytes) / 1024 : null;
  } catch {
    return null;
  }
}

/** Runs a command to completion (bounded), returning its output. */
export function runCommand(command: string, args: string[], timeoutMs = 120_000): string {
  return execFileSync(command, args, { cwd: repositoryRoot, timeout: timeoutMs, encoding: 'utf8' });
}
