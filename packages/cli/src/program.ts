import { Command, CommanderError } from 'commander';
import { type BenchRunner, registerBenchCommand } from './commands/bench.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerServeCommand } from './commands/serve.js';
import { registerDemoCommand } from './commands/demo.js';
import type { ShutdownSignal } from './commands/serving.js';
import { registerUsersCommands } from './commands/users.js';
import { registerOutboxCommand } from './commands/outbox.js';
import { registerProjectsCommands } from './commands/projects.js';
import { registerLeadsCommands } from './commands/leads.js';
import { registerIngestCommand } from './commands/ingest.js';
import { registerChatCommand } from './commands/chat.js';
import { registerAnalyticsCommand } from './commands/analytics.js';
import { registerAuditCommand } from './commands/audit.js';
import { ExitStatus } from './exit-status.js';
import { type CommandIo, processIo, reportError } from './io.js';
import { openRuntimeFromEnv, type RuntimeOpener } from './open-runtime.js';

export interface ProgramOptions {
  openRuntime?: RuntimeOpener;
  io?: CommandIo;
  runBench?: BenchRunner;
  /** When `serve` and `demo` stop (default: SIGINT/SIGTERM). */
  shutdown?: ShutdownSignal;
}

/** The `chatbuddy` command with every subcommand registered. */
export function buildProgram(options: ProgramOptions = {}): Command {
  const openRuntime = options.openRuntime ?? openRuntimeFromEnv;
  const io = options.io ?? processIo;
  const program = new Command('chatbuddy')
    .description('Chat Buddy: a self-hosted business knowledge assistant')
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerServeCommand(program, openRuntime, io, options.shutdown);
  registerDemoCommand(program, openRuntime, io, options.shutdown);
  registerMigrateCommand(program, io);
  registerEvalCommand(program, openRuntime, io);
  registerUsersCommands(program, openRuntime, io);
  registerOutboxCommand(program, io);
  registerProjectsCommands(program, openRuntime, io);
  registerLeadsCommands(program, openRuntime, io);
  registerIngestCommand(program, openRuntime, io);
  registerChatCommand(program, openRuntime, io);
  registerAnalyticsCommand(program, openRuntime, io);
  registerAuditCommand(program, openRuntime, io);
  registerBenchCommand(program, options.runBench);
  return program;
}

/** Runs the CLI with `argv`; resolves to the process exit status. */
export async function runCli(argv: readonly string[], options: ProgramOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  const program = buildProgram(options);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ExitStatus) return error.status;
    return reportError(io, error, argv.includes('--json'));
  }
}
