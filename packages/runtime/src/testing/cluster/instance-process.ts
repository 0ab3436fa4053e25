import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root (this file is `packages/runtime/{src,dist}/testing/cluster/…`). */
export const checkoutRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');

/** One `chatbuddy serve` process on a loopback port. */
export interface RunningInstance {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resident memory in KiB (VmRSS of /proc/<pid>/status), undefined once it exited. */
  rssKib(): number | undefined;
  /** Sends `signal` and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface InstanceOptions {
  /** Variables on top of this process's environment (empty string unsets one). */
  env: Record<string, string>;
  name?: string;
  /** How long to wait for the server to listen (the first run may build the workspace). */
  startTimeoutMs?: number;
}

/** VmRSS of a process in KiB, or undefined when it is gone. */
export function readRssKib(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const listening = /Chat Buddy is listening on http:\/\/[^:\s]+:(\d+)/;

/**
 * Starts `./chatbuddy serve --port 0 --host 127.0.0.1` as its own process (the way operators run
 * it; the wrapper execs Node, so the child's pid is the server's) and resolves once it listens.
 */
export async function startInstance(options: InstanceOptions): Promise<RunningInstance> {
  const name = options.name ?? 'instance';
  const child: ChildProcess = spawn(
    join(checkoutRoot, 'chatbuddy'),
    ['serve', '--port', '0', '--host', '127.0.0.1'],
    {
      cwd: checkoutRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'test', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const append = (data: Buffer) => {
    // Keep the tail only: a long soak must not grow the test process with logs.
    output = (output + data.toString()).slice(-200_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in time:\n${output}`));
    }, options.startTimeoutMs ?? 300_000);
    const watch = () => {
      const match = listening.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stderr?.off('data', watch);
      resolve(Number(match[1]));
    };
    child.stderr?.on('data', watch);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  const pid = child.pid as number;
  return {
    name,
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    rssKib: () => (child.exitCode === null && child.signalCode === null ? readRssKib(pid) : undefined),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    exited,
  };
}
