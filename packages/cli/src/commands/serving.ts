import { DomainError } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Command } from 'commander';
import type { CommandIo } from '../io.js';
import { integerOption } from './arguments.js';

/** Resolves when the server should shut down; by default on SIGINT or SIGTERM. */
export type ShutdownSignal = () => Promise<string>;

/**
 * A signal this soon after the first is the same stop delivered twice: Ctrl-C on `pnpm start`
 * reaches both pnpm and the server, and pnpm passes its own on.
 */
export const repeatedSignalMs = 1_000;

/**
 * Resolves on the first SIGINT or SIGTERM. A repeat within `repeatedSignalMs` is ignored; a later
 * one stops the process at once, as the signal does by default (a second Ctrl-C to force it).
 */
export const processShutdownSignal: ShutdownSignal = () =>
  new Promise((resolve) => {
    let firstAt: number | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstAt === null) {
        firstAt = Date.now();
        resolve(signal);
      } else if (Date.now() - firstAt >= repeatedSignalMs) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

/** The `--port` and `--host` options of the commands that serve the API. */
export function addListenOptions(command: Command): Command {
  return command
    .option('-p, --port <port>', 'port to listen on (default: PORT or 5000; 0: any free port)')
    .option('--host <host>', 'interface to bind (default: HOST or 0.0.0.0)');
}

/** Configuration overrides from `--port` and `--host`. */
export function listenOverrides(options: { port?: string; host?: string }) {
  const port = integerOption('--port', options.port, { min: 0, max: 65_535 });
  return {
    ...(port !== undefined ? { port } : {}),
    ...(options.host ? { host: options.host } : {}),
  };
}

/**
 * Why the server could not listen on `port` and `host`, as one line saying what to change (a
 * port in use is the usual first-run problem), or `null` for any other error.
 */
export function listenError(error: unknown, where: { port: number; host: string }): DomainError | null {
  const { port, host } = where;
  const change = 'choose another with --port or PORT';
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return new DomainError(
        'conflict',
        `Port ${port} on ${host} is already in use by another program: stop it, or ${change}`,
      );
    case 'EACCES':
      return new DomainError(
        'invalid_input',
        `Not allowed to listen on port ${port} (ports below 1024 need privileges): ${change}`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DomainError(
        'invalid_input',
        `Cannot listen on host ${host}: not an address of this machine; choose another with --host or HOST (0.0.0.0 for every interface)`,
      );
    default:
      return null;
  }
}

/**
 * Serves the HTTP API of an open runtime until `shutdown` resolves, then stops gracefully
 * (which closes the runtime). `onListening` receives the URL to show (localhost for 0.0.0.0).
 */
export async function serveUntilStopped(
  runtime: ChatBuddy,
  io: CommandIo,
  shutdown: ShutdownSignal,
  onListening?: (url: string) => void,
): Promise<void> {
  const { startServer } = await import('@chatbuddy/http-koa');
  const running = await startServer(runtime).catch(async (error: unknown) => {
    await runtime.close().catch(() => {});
    throw listenError(error, runtime.config) ?? error;
  });
  const shownHost = runtime.config.host === '0.0.0.0' ? 'localhost' : runtime.config.host;
  const url = `http://${shownHost}:${running.port}`;
  runtime.logger.info({ port: running.port }, 'Chat Buddy is listening');
  io.stderr(`Chat Buddy is listening on ${url}\n`);
  onListening?.(url);
  // A project's searches wait for its search data (up to 10 s after its load started), then use SQL
  // until it is in memory.
  const warming = Date.now();
  // Then the memory start-up left behind is given back: this process runs Chat Buddy alone.
  runtime
    .warmUp()
    .then(
      (loaded) =>
        runtime.logger.info({ ...loaded, ms: Date.now() - warming }, 'search data loaded into memory'),
      (error: unknown) => runtime.logger.warn({ err: error }, 'loading search data into memory failed'),
    )
    .then(() => runtime.manageHeap());
  const signal = await shutdown();
  runtime.logger.info({ signal }, 'shutting down');
  await running.stop().catch(() => {});
}
