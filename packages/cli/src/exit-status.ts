/**
 * Ends a command with a non-zero status after it has already reported why (e.g. `ingest` printed
 * its summary and some files failed). `runCli` returns `status` without printing anything more.
 */
export class ExitStatus extends Error {
  constructor(readonly status: number) {
    super(`exit status ${status}`);
    this.name = 'ExitStatus';
  }
}

/** Status of a run that finished but left some items failed (`ingest`). */
export const partialFailureExitCode = 1;
