import type { Server } from 'node:http';
import { TokenCounter } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { createHttpApp, type HttpAppOptions } from './app.js';
import { installLastResortHandlers } from './last-resort.js';

export interface RunningServer {
  server: Server;
  /** The bound port (useful when asked for port 0). */
  port: number;
  url: string;
  /** Stops accepting connections, waits for open requests (bounded), then closes the runtime. */
  stop(): Promise<void>;
}

/** Starts the HTTP server of a runtime on `port` (0 for a free one). */
export async function startServer(
  runtime: ChatBuddy,
  options: HttpAppOptions & { port?: number; host?: string } = {},
): Promise<RunningServer> {
  // Tokenizers that build tables lazily do it now, not in the first chat request.
  (runtime.get<TokenCounter>(TokenCounter) as TokenCounter & { warmUp?: () => void }).warmUp?.();
  const app = createHttpApp(runtime, options);
  const server = app.listen(options.port ?? runtime.config.port, options.host ?? runtime.config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const removeLastResortHandlers = installLastResortHandlers(runtime.logger);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopping: Promise<void> | null = null;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
        await closed;
        clearTimeout(deadline);
        removeLastResortHandlers();
        await runtime.close();
      })();
      return stopping;
    },
  };
}
