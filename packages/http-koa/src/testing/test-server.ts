import {
  type ChatBuddyConfigInput,
  createChatBuddy,
  createLogger,
  type Override,
  type Resources,
} from '@chatbuddy/runtime';
import { inMemoryResources } from '@chatbuddy/runtime/testing';
import type { RouteDefinition } from '../routing/route.js';
import { type RunningServer, startServer } from '../server.js';

export interface TestServer extends RunningServer {
  ports: ReturnType<typeof inMemoryResources>['ports'];
  runtime: Awaited<ReturnType<typeof createChatBuddy>>;
  /** Every answer `request` received, to check bodies against the OpenAPI document. */
  exchanges: { method: string; path: string; status: number; contentType: string; body: unknown }[];
  /** fetch relative to the server, JSON-decoding the answer. */
  request(
    path: string,
    init?: RequestInit & { json?: unknown },
  ): Promise<{ status: number; headers: Headers; body: any; text: string }>;
}

/** A real HTTP server on a free port over in-memory fakes. */
export async function startTestServer(
  options: {
    config?: ChatBuddyConfigInput;
    routes?: RouteDefinition<any, any, any>[];
    overrides?: Override[];
    /** Real adapters to use instead of the fakes (e.g. PGlite persistence); `ports` keeps the fakes. */
    resources?: Partial<Resources>;
    /** Where log lines go (with `config.logLevel`), to assert on what was logged. */
    logDestination?: { write(line: string): void };
  } = {},
): Promise<TestServer> {
  const { resources: fakes, ports } = inMemoryResources();
  const resources = { ...fakes, ...options.resources };
  const runtime = await createChatBuddy(
    // Shedding by event-loop delay is off unless a test asks for it: a busy machine holds the loop.
    { nodeEnv: 'test', logLevel: 'silent', maxLoopDelayMs: 0, ...options.config },
    {
      resources,
      logger: createLogger(
        { logLevel: (options.config?.logLevel as 'silent') ?? 'silent' },
        options.logDestination,
      ),
      overrides: options.overrides,
    },
  );
  const running = await startServer(runtime, { port: 0, host: '127.0.0.1', routes: options.routes });
  const exchanges: TestServer['exchanges'] = [];
  return {
    ...running,
    ports,
    runtime,
    exchanges,
    async request(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const response = await fetch(`${running.url}${path}`, {
        ...rest,
        headers,
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      exchanges.push({
        method: (rest.method ?? 'GET').toLowerCase(),
        path: new URL(path, running.url).pathname,
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body,
      });
      return { status: response.status, headers: response.headers, body, text };
    },
  };
}
