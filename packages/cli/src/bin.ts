#!/usr/bin/env node
import { exitWhenDone } from './process-exit.js';
import { runCli } from './program.js';

// `pnpm run chatbuddy -- <args>` forwards the `--` itself; without this, commander would read every
// argument after it as an operand (`-- projects list --help` would not show help).
const argv = process.argv.slice(2);
runCli(argv[0] === '--' ? argv.slice(1) : argv).then(
  (status) => exitWhenDone(status),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    exitWhenDone(70);
  },
);
