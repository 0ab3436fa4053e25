import { type ChatCallOptions, type ChatRequest, type ChatStreamEvent, DomainError } from '@chatbuddy/core';
import { FakeChatModel, FakeModelGateway } from '@chatbuddy/core/testing';
import { describe, expect, it } from 'vitest';
import { defineRoute } from './routing/route.js';
import { startTestServer } from './testing/test-server.js';
import { projectKeyWithDocument } from './testing/users.js';

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
        nosniff: response.headers.get('x-content-type-options'),
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
      nosniff: 'nosniff',
      body: { error: { code: 'shutting_down', requestId: 'waiting-1' } },
    });
    const cut = await running;
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(1_900);
    expect(cut).toMatchObject({
      status: 503,
      retryAfter: '1',
      connection: 'close',
      requestId: 'running-1',
      nosniff: 'nosniff',
      body: { error: { code: 'shutting_down', requestId: 'running-1' } },
    });
    // The handler then fails as if the database had closed: no second answer, no fault logged.
    slow.release();
    await stopping;
    expect(slow.started()).toBe(1);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(lines.filter((line) => line.msg === 'request stopped by the shutdown')).toHaveLength(1);
  });

  it('asks the client to close the connection when it answers after the signal', async () => {
    const slow = slowRoute();
    const server = await startTestServer({ routes: [slow.route], config: { shutdownTimeoutSeconds: 5 } });
    const running = fetch(`${server.url}/slow`);
    await expect.poll(slow.started).toBe(1);
    const stopping = server.stop();
    setTimeout(slow.release, 100);
    const response = await running;
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    await stopping;
  });

  it('answers a chat stream with no event yet 503 at the deadline, then stops its work quietly', async () => {
    const lines: any[] = [];
    class LateChatModel extends FakeChatModel {
      override async *stream(
        request: ChatRequest,
        options: ChatCallOptions = {},
      ): AsyncIterable<ChatStreamEvent> {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        for await (const event of super.stream(request, options)) {
          if (options.signal?.aborted)
            throw new DomainError('provider_error', 'The model call was cancelled');
          yield event;
        }
      }
    }
    const chat = new LateChatModel();
    chat.reply = 'The office opens at nine.';
    const server = await startTestServer({
      config: { shutdownTimeoutSeconds: 1, logLevel: 'info' },
      resources: { models: new FakeModelGateway(chat) },
      logDestination: { write: (line) => lines.push(JSON.parse(line)) },
    });
    const apiKey = await projectKeyWithDocument(server, 'Late', 'The office opens at nine in the morning.');
    const answer = fetch(`${server.url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': apiKey },
      body: JSON.stringify({ message: 'When does the office open in the morning?' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopping = server.stop();
    const response = await answer;
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('shutting_down');
    await stopping;
    // The chat's work ends as the request's: cancelled, logged as stopped, no fault.
    await expect
      .poll(() => lines.some((line) => line.msg === 'request stopped by the shutdown'), { timeout: 5_000 })
      .toBe(true);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });
});
