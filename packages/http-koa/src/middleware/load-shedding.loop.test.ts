import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defineRoute } from '../routing/route.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/** A route that holds the event loop (a busy wait, as a chat on the embedded database does). */
const busyRoute = (busyMs: number) =>
  defineRoute({
    method: 'get',
    path: '/busy',
    summary: 'Busy',
    tag: 'test',
    auth: 'none',
    responses: { 200: { description: 'ok' } },
    handler: async (ctx) => {
      const end = performance.now() + busyMs;
      while (performance.now() < end) {
        // holds the loop
      }
      ctx.body = { done: true };
    },
  });

let server: TestServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.stop();
  server = undefined;
});

async function start(config: { maxLoopDelayMs: number }, busyMs = 750) {
  server = await startTestServer({
    routes: [busyRoute(busyMs)],
    config: { maxConcurrentRequests: 64, maxQueueMs: 1_000, ...config },
  });
  return new URL(server.url);
}

interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/** A connection to the server, accepted and read from (one probe answered), to send one request on. */
async function openConnection(url: URL) {
  const socket = connect(Number(url.port), url.hostname);
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.setEncoding('utf8');
  let received = '';
  let answer: ((response: RawResponse) => void) | undefined;
  socket.on('data', (chunk: string) => {
    received += chunk;
    const end = received.indexOf('\r\n\r\n');
    const length = /content-length: (\d+)/i.exec(received)?.[1];
    if (end < 0 || length === undefined || received.length < end + 4 + Number(length)) return;
    const response = {
      status: Number(received.slice(9, 12)),
      headers: received.slice(0, end).toLowerCase(),
      body: received.slice(end + 4, end + 4 + Number(length)),
    };
    received = received.slice(end + 4 + Number(length));
    answer?.(response);
  });
  const send = (path: string, connection: 'keep-alive' | 'close') => {
    const response = new Promise<RawResponse>((resolve) => {
      answer = resolve;
    });
    socket.write(`GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\nconnection: ${connection}\r\n\r\n`);
    return response;
  };
  expect((await send('/health', 'keep-alive')).status).toBe(200);
  return { send: (path: string) => send(path, 'close') };
}

/**
 * Sends every request at once on connections opened beforehand, so that the server reads them all
 * in one turn of its event loop, one after another: the wait of many clients on one thread.
 */
async function sendTogether(url: URL, paths: readonly string[]) {
  const connections = await Promise.all(paths.map(() => openConnection(url)));
  return Promise.all(connections.map((connection, index) => connection.send(paths[index]!)));
}

function expectShed(response: RawResponse) {
  expect(response.status).toBe(503);
  expect(response.headers).toContain('retry-after: 1');
  expect(response.headers).toContain('x-request-id:');
  expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'overloaded' } });
}

describe('load shedding by event-loop delay', () => {
  it('sheds at once the requests read after the loop was held past the budget, never the probes', async () => {
    const url = await start({ maxLoopDelayMs: 250 });
    const responses = await sendTogether(url, ['/busy', '/busy', '/busy', '/health', '/ready', '/busy']);
    const busy = [0, 1, 2, 5].map((index) => responses[index]!);
    // The first request read holds the loop for 750 ms; the ones read after it in the same turn
    // have waited that long: shed before any work, with the error envelope and Retry-After.
    expect(busy.filter((response) => response.status === 200)).toHaveLength(1);
    for (const response of busy.filter((response) => response.status !== 200)) expectShed(response);
    expect(responses[3]!.status).toBe(200);
    expect(responses[4]!.status).toBe(200);
    // The loop turns again: the next request is admitted.
    const [after] = await sendTogether(url, ['/busy']);
    expect(after!.status).toBe(200);
  });

  it('sheds nothing while the loop keeps turning', async () => {
    const url = await start({ maxLoopDelayMs: 500 }, 1);
    const responses = await sendTogether(
      url,
      Array.from({ length: 10 }, () => '/busy'),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
  });

  it('is off with MAX_LOOP_DELAY_MS=0', async () => {
    const url = await start({ maxLoopDelayMs: 0 });
    const responses = await sendTogether(url, ['/busy', '/busy', '/busy']);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
  });
});
