import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A canned reply (usually a failure) served instead of the route's answer. */
export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type RouteHandler = (
  request: RecordedRequest,
  response: ServerResponse,
  server: FakeProviderServer,
) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  handle: RouteHandler;
}

/**
 * A vendor's API on 127.0.0.1 (random port) for tests with the real SDKs: routes replay the
 * vendor's wire format; failures, delays and slow streams are scripted per test.
 */
export class FakeProviderServer {
  readonly requests: RecordedRequest[] = [];
  /** Served in order, one per request, before the routes answer (e.g. one 429, then success). */
  readonly queuedReplies: FakeReply[] = [];
  /** Served to every request while set (a persistent outage). */
  persistentReply: FakeReply | null = null;
  /** Wait before answering at all (to exceed a client's timeout). */
  delayMs = 0;
  /** Wait between two chunks of a stream. */
  chunkDelayMs = 0;
  /** When set, a stream's connection is destroyed after this many chunks (a mid-stream failure). */
  cutStreamAfterChunks: number | null = null;
  /** When set, embedding routes answer vectors of this size whatever was asked (a misconfiguration). */
  forcedVectorSize: number | null = null;
  /** Responses whose connection the client closed before they were complete. */
  closedEarly = 0;
  private readonly closeWaiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Starts a server answering `routes`, with `authorize` judging each request's credentials. */
  static async start(
    routes: Route[],
    authorize: (request: RecordedRequest) => FakeReply | null = () => null,
  ) {
    let fake: FakeProviderServer | undefined;
    const server = createServer((incoming, response) => {
      void fake!.handle(incoming, response, routes, authorize);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    fake = new FakeProviderServer(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** Requests whose path contains `fragment` (attempt counting). */
  attempts(fragment: string): number {
    return this.requests.filter((request) => request.path.includes(fragment)).length;
  }

  /** Resolves when a response is cut off by the client, or rejects after `timeoutMs`. */
  nextEarlyClose(timeoutMs = 2_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the client never closed the connection')), timeoutMs);
      this.closeWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Forgets requests and scripted behaviour between tests. */
  reset(): void {
    this.requests.length = 0;
    this.queuedReplies.length = 0;
    this.persistentReply = null;
    this.delayMs = 0;
    this.chunkDelayMs = 0;
    this.cutStreamAfterChunks = null;
    this.forcedVectorSize = null;
    this.closedEarly = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Writes `chunks` one by one with `chunkDelayMs` between them; stops if the client went away. */
  async writeChunks(response: ServerResponse, contentType: string, chunks: string[]): Promise<void> {
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
    for (const [index, chunk] of chunks.entries()) {
      if (response.destroyed) return;
      if (index === this.cutStreamAfterChunks) {
        response.socket?.destroy();
        return;
      }
      response.write(chunk);
      if (this.chunkDelayMs > 0) await pause(this.chunkDelayMs);
    }
    response.end();
  }

  private async handle(
    incoming: import('node:http').IncomingMessage,
    response: ServerResponse,
    routes: Route[],
    authorize: (request: RecordedRequest) => FakeReply | null,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', this.url);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    this.requests.push(request);
    response.on('close', () => {
      if (response.writableFinished) return;
      this.closedEarly += 1;
      for (const wake of this.closeWaiters.splice(0)) wake();
    });
    if (this.delayMs > 0) await pause(this.delayMs);
    if (response.destroyed) return;
    const scripted = this.queuedReplies.shift() ?? this.persistentReply ?? authorize(request);
    if (scripted) return sendJson(response, scripted.status, scripted.body ?? {}, scripted.headers);
    const route = routes.find(
      (candidate) => candidate.method === request.method && candidate.path.test(url.pathname),
    );
    if (!route) return sendJson(response, 404, { error: { message: `no route for ${url.pathname}` } });
    await route.handle(request, response, this);
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
