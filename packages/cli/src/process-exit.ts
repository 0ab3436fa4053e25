export interface ExitOptions {
  /** How long the process may still run on its own once the command is done (default 2 000 ms). */
  graceMs?: number;
  exit?: (status: number) => void;
  stderr?: Pick<NodeJS.WriteStream, 'write'>;
}

/**
 * Ends the process with `status` once the command is done. It exits on its own when nothing is
 * left to run; when something still holds it after `graceMs` (a request to a dependency that hung
 * and was given up on still holds its socket until the HTTP client's own timeout, minutes later),
 * it is ended then, with a line on stderr, instead of outliving its stop.
 */
export function exitWhenDone(status: number, options: ExitOptions = {}): void {
  const { graceMs = 2_000, exit = process.exit, stderr = process.stderr } = options;
  process.exitCode = status;
  const timer = setTimeout(() => {
    stderr.write(`chatbuddy: still busy ${graceMs} ms after it was done (a connection that hung); exiting\n`);
    exit(status);
  }, graceMs);
  // Does not hold the process itself: it fires only when something else does.
  timer.unref();
}
