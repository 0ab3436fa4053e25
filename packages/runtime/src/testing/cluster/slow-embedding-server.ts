import { once } from 'node:events';
import { createServer } from 'node:http';

/** A local embedding endpoint that answers slowly, as a hosted provider under load does. */
export interface SlowEmbeddingServer {
  /** Base URL for `OLLAMA_BASE_URL`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * An Ollama-compatible `/api/embed` (768 dimensions) that takes `delayMs` per batch: a large
 * document stays `indexing` for seconds while the server stays responsive.
 */
export async function startSlowEmbeddingServer(delayMs: number): Promise<SlowEmbeddingServer> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (data) => (body += data));
    request.on('end', () => {
      const { model, input } = JSON.parse(body) as { model: string; input: string[] };
      const embeddings = input.map((text) =>
        Array.from({ length: 768 }, (_, index) => ((text.length + index) % 17) / 17 + 0.01),
      );
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ model, embeddings }));
      }, delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
