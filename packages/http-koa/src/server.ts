import type { Server } from 'node:http';
import { BackgroundIndexing } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { createHttpApp, type HttpAppOptions } from './app.js';
import { answerClientErrors } from './client-errors.js';
import { installLastResortHandlers } from './last-resort.js';
import { shutdownGate } from './middleware/shutdown.js';
import { openEventStreams } from './routes/sse.js';

export interface RunningServer {
  server: Server;
  /** The bound port (useful when asked for port 0). */
  port: number;
  url: string;
  /**
   * Stops accepting connections and lets open requests and event streams finish within the
   * shutdown deadline (`shutdownTimeoutSeconds`). Requests not started yet (waiting for a slot, or
   * sent on a kept-alive connection) are answered `503 shutting_down` with `Retry-After` at once;
   * streams still open a second before the deadline end with a final `error` event
   * (`shutting_down`); requests still without a response at the deadline are answered `503
   * shutting_down`, and remaining connections closed. Then closes the runtime, once the requests
   * answered that way have stopped (a second at most).
   */
  stop(): Promise<void>;
}

/** Starts the HTTP server of a runtime on `port` (0 for a free one). */
export async function startServer(
  runtime: ChatBuddy,
  options: HttpAppOptions & { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const app = createHttpApp(runtime, options);
  const server = app.listen(options.port ?? runtime.config.port, options.host ?? runtime.config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const removeLastResortHandlers = installLastResortHandlers(runtime.logger);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  answerClientErrors(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopping: Promise<void> | null = null;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      stopping ??= (async () => {
        const deadlineMs = runtime.config.shutdownTimeoutSeconds * 1000;
        const gate = shutdownGate(app);
        gate.close();
        // Uploads answered `202` get the same deadline as the requests, not one after it: the
        // runtime's close below waits for this same closing.
        void runtime.get(BackgroundIndexing).close(deadlineMs);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Keep-alive connections whose last response just finished are closed at once.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const interrupt = setTimeout(
          () => {
            for (const stream of [...openEventStreams(app)]) stream.interrupt();
          },
          Math.max(0, deadlineMs - 1_000),
        );
        const deadline = setTimeout(() => {
          gate.answerUnfinished();
          server.closeAllConnections();
        }, deadlineMs);
        await closed;
        clearInterval(sweep);
        clearTimeout(interrupt);
        clearTimeout(deadline);
        // Requests answered at the deadline may still be working: a moment to stop before the
        // database closes under them (what fails after that is logged as stopped, not as a fault).
        await gate.idle(1_000);
        removeLastResortHandlers();
        await runtime.close();
      })();
      return stopping;
    },
  };
}
