import { describe, expect, it } from 'vitest';
import { defineRoute } from './routing/route.js';
import { startTestServer } from './testing/test-server.js';

/**
 * Works until the test lets it go, then fails the way work does once the database has closed
 * under it (a plain error, not a domain one).
 */
function slowRoute() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = 0;
  const route = defineRoute({
    method: 'get',
    path: '/slow',
    summary: 'Slow',
    tag: 'test',
    auth: 'none',
    responses: { 200: { description: 'ok' } },
    handler: async (ctx) => {
      started += 1;
      await released;
      if (ctx.res.headersSent) throw new Error('driver has already been destroyed');
      ctx.body = { ok: true };
    },
  });
  return { route, release: () => release(), started: () => started };
}

describe('stopping a server with requests under way', () => {
  it('answers waiting requests 503 at once, unfinished ones 503 at the deadline, and logs no fault', async () => {
    const lines: any[] = [];
    const slow = slowRoute();
    const server = await startTestServer({
      routes: [slow.route],
      config: { shutdownTimeoutSeconds: 2, maxConcurrentRequests: 1, maxQueueMs: 60_000, logLevel: 'info' },
      logDestination: { write: (line) => lines.push(JSON.parse(line)) },
    });
    const answer = (response: Response) =>
      response.text().then((text) => ({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        connection: response.headers.get('connection'),
        requestId: response.headers.get('x-request-id'),
        body: JSON.parse(text),
      }));
    // The first holds the only slot; the second waits for it.
    const running = fetch(`${server.url}/slow`, { headers: { 'x-request-id': 'running-1' } }).then(answer);
    await expect.poll(slow.started).toBe(1);
    const waiting = fetch(`${server.url}/slow`, { headers: { 'x-request-id': 'waiting-1' } }).then(answer);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = server.stop();
    const stoppedAt = Date.now();
    const refused = await waiting;
    expect(Date.now() - stoppedAt).toBeLessThan(1_500);
    expect(refused).toMatchObject({
      status: 503,
      retryAfter: '1',
      body: { error: { code: 'shutting_down', requestId: 'waiting-1' } },
    });
    const cut = await running;
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(1_900);
    expect(cut).toMatchObject({
      status: 503,
      retryAfter: '1',
      connection: 'close',
      requestId: 'running-1',
      body: { error: { code: 'shutting_down', requestId: 'running-1' } },
    });
    // The handler then fails as if the database had closed: no second answer, no fault logged.
    slow.release();
    await stopping;
    expect(slow.started()).toBe(1);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(lines.filter((line) => line.msg === 'request stopped by the shutdown')).toHaveLength(1);
  });
});
