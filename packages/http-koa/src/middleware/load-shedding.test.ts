import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadShedding } from './load-shedding.js';
import { defineRoute } from '../routing/route.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

/** A route that holds its slot until the test lets it go. */
function blockingRoute() {
  const entered: Array<() => void> = [];
  let releases: Array<() => void> = [];
  const route = defineRoute({
    method: 'get',
    path: '/hold',
    summary: 'Hold',
    tag: 'test',
    auth: 'none',
    responses: { 200: { description: 'ok' } },
    handler: async (ctx) => {
      entered.shift()?.();
      await new Promise<void>((resolve) => releases.push(resolve));
      ctx.body = { released: true };
    },
  });
  return {
    route,
    /** Resolves once the next request is inside the handler (it holds a slot). */
    nextEntered: () => new Promise<void>((resolve) => entered.push(resolve)),
    releaseAll: () => {
      for (const release of releases) release();
      releases = [];
    },
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(config: { maxConcurrentRequests: number; maxQueueMs: number }) {
  const hold = blockingRoute();
  server = await startTestServer({ routes: [hold.route], config });
  return { hold, url: server.url };
}

async function expectShed(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('1');
  expect(response.headers.get('x-request-id')).toBeTruthy();
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error).toMatchObject({ code: 'overloaded', message: expect.any(String) });
}

describe('load shedding', () => {
  it('answers 503 overloaded with Retry-After at once when every slot is taken and queueing is off', async () => {
    const { hold, url } = await start({ maxConcurrentRequests: 1, maxQueueMs: 0 });
    const entered = hold.nextEntered();
    const first = fetch(`${url}/hold`);
    await entered;
    await expectShed(await fetch(`${url}/hold`));
    await expectShed(await fetch(`${url}/nowhere`));
    hold.releaseAll();
    expect((await first).status).toBe(200);
    // The slot is free again: the next request is admitted.
    const again = hold.nextEntered();
    const next = fetch(`${url}/hold`);
    await again;
    hold.releaseAll();
    expect((await next).status).toBe(200);
  });

  it('never sheds /health, /ready and the static widget and dashboard files', async () => {
    const { hold, url } = await start({ maxConcurrentRequests: 1, maxQueueMs: 0 });
    const entered = hold.nextEntered();
    const first = fetch(`${url}/hold`);
    await entered;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    for (const path of ['/widget.js', '/app', '/app/app.js']) {
      expect((await fetch(`${url}${path}`)).status).not.toBe(503);
    }
    expect((await fetch(`${url}/projects`)).status).toBe(503);
    hold.releaseAll();
    await first;
  });

  it('admits a queued request when a slot frees within the budget', async () => {
    const { hold, url } = await start({ maxConcurrentRequests: 1, maxQueueMs: 60_000 });
    const entered = hold.nextEntered();
    const first = fetch(`${url}/hold`);
    await entered;
    const secondEntered = hold.nextEntered();
    const second = fetch(`${url}/hold`);
    // Give the second request time to reach the queue (if it has not, it is simply admitted later).
    await new Promise((resolve) => setTimeout(resolve, 100));
    hold.releaseAll();
    expect((await first).status).toBe(200);
    await secondEntered;
    hold.releaseAll();
    expect((await second).status).toBe(200);
  });

  it('sheds a queued request whose wait passes the budget, and only that one', async () => {
    const { hold, url } = await start({ maxConcurrentRequests: 1, maxQueueMs: 20 });
    const entered = hold.nextEntered();
    const first = fetch(`${url}/hold`);
    await entered;
    await expectShed(await fetch(`${url}/hold`));
    hold.releaseAll();
    expect((await first).status).toBe(200);
  });

  it('reports shedding in aggregate: a warning when it starts, then a count per period', async () => {
    vi.useFakeTimers();
    try {
      const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
      const logger = {
        warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }),
      };
      const middleware = loadShedding({
        maxConcurrent: 1,
        maxQueueMs: 0,
        logger: logger as never,
        reportEveryMs: 1_000,
      });
      const ctx = () => ({ path: '/chat', state: {} }) as never;
      let finish!: () => void;
      const holding = middleware(ctx(), () => new Promise<void>((resolve) => (finish = resolve)));
      const refusals = await Promise.all(
        Array.from({ length: 5 }, () =>
          middleware(ctx(), async () => {}).catch((error: { code: string }) => error.code),
        ),
      );
      expect(refusals).toEqual(Array(5).fill('overloaded'));
      expect(warnings).toEqual([{ fields: { shed: 1 }, message: expect.stringContaining('overloaded') }]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(warnings.at(-1)).toEqual({
        fields: { shed: 4, periodSeconds: 1 },
        message: 'overloaded: requests shed',
      });
      await vi.advanceTimersByTimeAsync(5_000);
      expect(warnings).toHaveLength(2); // a quiet period ends the report
      await middleware(ctx(), async () => {}).catch(() => undefined);
      expect(warnings).toHaveLength(3); // shedding that starts again is reported at once
      finish();
      await holding;
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes no error line per shed request', async () => {
    const lines: Array<{ level: number; msg: string; status?: number }> = [];
    const hold = blockingRoute();
    server = await startTestServer({
      routes: [hold.route],
      config: { maxConcurrentRequests: 1, maxQueueMs: 0, logLevel: 'warn' },
      logDestination: { write: (line) => lines.push(JSON.parse(line)) },
    });
    const entered = hold.nextEntered();
    const first = fetch(`${server.url}/hold`);
    await entered;
    for (let index = 0; index < 5; index += 1) await expectShed(await fetch(`${server.url}/hold`));
    hold.releaseAll();
    expect((await first).status).toBe(200);
    expect(lines.map((line) => line.msg)).toEqual(['overloaded: shedding requests (503 with Retry-After)']);
  });

  it('is off with MAX_CONCURRENT_REQUESTS=0', async () => {
    const { hold, url } = await start({ maxConcurrentRequests: 0, maxQueueMs: 0 });
    const both = [hold.nextEntered(), hold.nextEntered()];
    const requests = [fetch(`${url}/hold`), fetch(`${url}/hold`)];
    await Promise.all(both);
    hold.releaseAll();
    expect((await Promise.all(requests)).map((response) => response.status)).toEqual([200, 200]);
  });
});

describe('bodies that stop arriving', () => {
  /** Sends a request's head and the first part of its body on a raw socket, and keeps it open. */
  async function stalledRequest(
    port: number,
    path: string,
    declaredLength: number,
    part: string,
    apiKey = 'cb_test_missing',
  ) {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (data) => {
      received += data.toString();
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nx-api-key: ${apiKey}\r\n` +
        `content-type: application/json\r\ncontent-length: ${declaredLength}\r\n\r\n${part}`,
    );
    return { answer: () => received, closed, destroy: () => socket.destroy() };
  }

  it('wait for a small body without a slot, and a body that stops is answered 408 and closed', async () => {
    const hold = blockingRoute();
    server = await startTestServer({
      routes: [hold.route],
      config: { maxConcurrentRequests: 1, maxQueueMs: 100, bodyIdleTimeoutSeconds: 0.5 },
    });
    const stalled = await stalledRequest(server.port, '/auth/login', 100, '{"email":');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The only slot is free: the stalled request is still receiving its body.
    const entered = hold.nextEntered();
    const held = fetch(`${server.url}/hold`);
    await Promise.race([entered, held]); // a shed request answers without entering
    hold.releaseAll();
    expect((await held).status).toBe(200);
    await stalled.closed;
    expect(stalled.answer()).toMatch(/^HTTP\/1\.1 408 /);
    expect(stalled.answer()).toMatch(/connection: close/i);
    expect(stalled.answer()).toContain('"code":"request_timeout"');
  });

  it('answer 408 for a large body that stops after it took its slot, and free the slot', async () => {
    const hold = blockingRoute();
    server = await startTestServer({
      routes: [hold.route],
      config: { maxConcurrentRequests: 1, maxQueueMs: 2_000, maxBodyBytes: 64, bodyIdleTimeoutSeconds: 0.3 },
    });
    const bearer = (await signedInUser(server)).headers;
    const { apiKey } = (
      await server.request('/projects', { method: 'POST', headers: bearer, json: { name: 'P' } })
    ).body;
    // Larger than MAX_BODY_BYTES (an upload may be): read by its route, after it took the slot.
    const stalled = await stalledRequest(server.port, '/upload-doc', 5000, '{"content":"', apiKey);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const entered = hold.nextEntered();
    const waiting = fetch(`${server.url}/hold`);
    // Admitted once the stalled upload gave its slot back (a shed request answers at once).
    await Promise.race([entered, waiting]);
    await stalled.closed;
    expect(stalled.answer()).toMatch(/^HTTP\/1\.1 408 /);
    hold.releaseAll();
    expect((await waiting).status).toBe(200);
  });
});
