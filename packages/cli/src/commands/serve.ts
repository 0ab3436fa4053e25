import type { Command } from 'commander';
import type { CommandIo } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';

/** `chatbuddy serve`: runs the HTTP API until SIGINT/SIGTERM, then shuts down gracefully. */
export function registerServeCommand(program: Command, openRuntime: RuntimeOpener, io: CommandIo): void {
  program
    .command('serve')
    .description('Start the HTTP API (embedded default when no DB_URL is set)')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 5000)', (value) =>
      Number.parseInt(value, 10),
    )
    .option('--host <host>', 'interface to bind (default: HOST or 0.0.0.0)')
    .action(async (options: { port?: number; host?: string }) => {
      const runtime = await openRuntime({
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.host ? { host: options.host } : {}),
      });
      const { startServer } = await import('@chatbuddy/http-koa');
      const running = await startServer(runtime);
      const shownHost = runtime.config.host === '0.0.0.0' ? 'localhost' : runtime.config.host;
      runtime.logger.info({ port: running.port }, 'Chat Buddy is listening');
      io.stderr(`Chat Buddy is listening on http://${shownHost}:${running.port}\n`);
      // Searches are answered from SQL until a project's search data is in memory.
      const warming = Date.now();
      runtime.warmUp().then(
        (loaded) =>
          runtime.logger.info({ ...loaded, ms: Date.now() - warming }, 'search data loaded into memory'),
        (error: unknown) => runtime.logger.warn({ err: error }, 'loading search data into memory failed'),
      );
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          runtime.logger.info({ signal }, 'shutting down');
          running.stop().then(resolve, resolve);
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
    });
}
