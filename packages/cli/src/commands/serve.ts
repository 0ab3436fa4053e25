import type { Command } from 'commander';
import type { CommandIo } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import {
  addListenOptions,
  listenOverrides,
  processShutdownSignal,
  type ShutdownSignal,
  serveUntilStopped,
} from './serving.js';

/** `chatbuddy serve`: runs the HTTP API until SIGINT/SIGTERM, then shuts down gracefully. */
export function registerServeCommand(
  program: Command,
  openRuntime: RuntimeOpener,
  io: CommandIo,
  shutdown: ShutdownSignal = processShutdownSignal,
): void {
  addListenOptions(
    program.command('serve').description('Start the HTTP API (embedded default when no DB_URL is set)'),
  ).action(async (options: { port?: string; host?: string }) => {
    const runtime = await openRuntime(listenOverrides(options));
    await serveUntilStopped(runtime, io, shutdown);
  });
}
