import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { defineRoute } from './routing/route.js';
import { recordingProcessErrors } from './testing/process-errors.js';
import { startTestServer } from './testing/test-server.js';

/** Answers, then lets an `error` event and a rejection escape from work started by the request. */
const leaky = defineRoute({
  method: 'get',
  path: '/leaky',
  summary: 'Leaky',
  tag: 'test',
  auth: 'none',
  responses: { 200: { description: 'ok' } },
  handler: async (ctx) => {
    setImmediate(() => new EventEmitter().emit('error', new Error('stray event')));
    setImmediate(() => void Promise.reject(new Error('stray rejection')));
    ctx.body = { ok: true };
  },
});

const counts = () => [
  process.listenerCount('uncaughtException'),
  process.listenerCount('unhandledRejection'),
];

describe('last-resort error handlers', () => {
  it('log an escaped error with its request id and keep the server serving; stop removes them', async () => {
    const lines: any[] = [];
    const { result } = await recordingProcessErrors(async () => {
      const before = counts();
      const server = await startTestServer({
        routes: [leaky],
        config: { logLevel: 'error' },
        logDestination: { write: (line) => lines.push(JSON.parse(line)) },
      });
      const during = counts();
      const response = await server.request('/leaky', { headers: { 'x-request-id': 'leaky-1' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await server.request('/health');
      await server.stop();
      return { status: response.status, before, during, afterStatus: after.status, stopped: counts() };
    });
    expect(result.status).toBe(200);
    expect(result.afterStatus).toBe(200);
    const reports = lines.filter((line) => line.requestId === 'leaky-1' && line.level >= 50);
    expect(reports.map((line) => line.msg).sort()).toEqual(['uncaught exception', 'unhandled rejection']);
    expect(reports.map((line) => line.err.message).sort()).toEqual(['stray event', 'stray rejection']);
    expect(result.during).toEqual(result.before.map((count) => count + 1));
    expect(result.stopped).toEqual(result.before);
  });
});
