// `npx pnpm start` puts npm and a shell in front of pnpm. On SIGTERM npm and that shell exit
// without passing the signal on, which would leave pnpm and the server running as orphans.
// Under `pnpm start`, the server therefore watches the process that launched pnpm and stops
// gracefully (as on SIGTERM) when it is gone. Linux only (reads /proc); elsewhere it does nothing.
import { readFileSync } from 'node:fs';

/** The parent pid of `pid` (field 4 of /proc/<pid>/stat), or undefined when unknown. */
export function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1], 10);
  } catch {
    return undefined;
  }
}

/** Sends SIGTERM to this process once the launcher of its parent (pnpm) has exited. */
export function stopWithLauncher(intervalMs = 1000) {
  const runner = process.ppid;
  const launcher = parentOf(runner);
  if (launcher === undefined || launcher <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === runner && parentOf(runner) === launcher) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, intervalMs);
  timer.unref();
}
