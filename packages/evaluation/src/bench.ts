import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// src/ and dist/ both sit directly under the package folder.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = join(packageRoot, '..', '..');

/** The benchmark entry behind `pnpm bench`: TypeScript run through tsx from a repository checkout. */
export const benchEntry = join(packageRoot, 'scripts', 'bench.ts');

/** The Node arguments that run the benchmark entry with `args` (as `pnpm bench -- args` does). */
export function benchArguments(args: readonly string[]): string[] {
  return ['--conditions=@chatbuddy/source', '--import', 'tsx', benchEntry, ...args];
}

/**
 * Runs the benchmark in a child Node process sharing this one's terminal; resolves to its exit
 * status. The benchmark stops its own servers on SIGINT/SIGTERM: a terminal's Ctrl-C reaches it
 * directly, a SIGTERM to this process is passed on, and this process waits for it either way.
 */
export function runBench(args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, benchArguments(args), { cwd: repositoryRoot, stdio: 'inherit' });
  const wait = () => {};
  const forward = () => child.kill('SIGTERM');
  process.on('SIGINT', wait).on('SIGTERM', forward);
  return new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  }).finally(() => {
    process.off('SIGINT', wait).off('SIGTERM', forward);
  });
}
