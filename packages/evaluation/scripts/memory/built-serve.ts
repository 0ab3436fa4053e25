/**
 * The built `chatbuddy serve` (what `./chatbuddy serve` runs: `scripts/cli.mjs` on the compiled
 * packages, on the project's own Node) started on a configuration given as environment variables,
 * measured once it has loaded its search data into memory and stood idle: its resident memory
 * from `/proc`, with the anonymous part (heap, buffers) and the file-backed part (mostly the Node
 * executable's pages, which vary from one copy of the binary to another) apart.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, repositoryRoot } from '../bench/children.js';

export interface BuiltServeMemory {
  rssMiB: number;
  anonymousMiB: number;
  fileMiB: number;
  /** From spawn until the log says the search data is in memory. */
  warmSeconds: number;
}

function statusMebibytes(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
  return Math.round((Number(kilobytes ?? 0) / 1024) * 10) / 10;
}

export async function builtServeIdle(
  environment: Record<string, string>,
  idleSeconds = 5,
  timeoutMs = 300_000,
): Promise<BuiltServeMemory> {
  const started = performance.now();
  const child = spawn(join(repositoryRoot, 'chatbuddy'), ['serve'], {
    cwd: repositoryRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const unregister = onCleanup(stop);
  try {
    const warmSeconds = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('chatbuddy serve: search data not loaded in time')),
        timeoutMs,
      );
      let pending = '';
      child.stderr.on('data', (data: Buffer) => {
        pending += data.toString('utf8');
        if (pending.includes('search data loaded into memory')) {
          clearTimeout(timer);
          resolve((performance.now() - started) / 1000);
        }
        pending = pending.slice(-200);
      });
      child.stdout.resume(); // the logs go to standard error
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`chatbuddy serve exited with code ${code}`));
      });
    });
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const pid = child.pid!;
    return {
      rssMiB: statusMebibytes(pid, 'VmRSS'),
      anonymousMiB: statusMebibytes(pid, 'RssAnon'),
      fileMiB: statusMebibytes(pid, 'RssFile'),
      warmSeconds,
    };
  } finally {
    await stop();
    unregister();
  }
}
