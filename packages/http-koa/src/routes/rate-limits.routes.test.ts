import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineRoute } from '../routing/route.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

const probe = defineRoute({
  method: 'get',
  path: '/probe/limits',
  summary: 'key probe',
  tag: 'test',
  auth: 'anyKey',
  responses: { 200: { description: 'ok' } },
  handler: async (ctx) => {
    ctx.body = { ok: true };
  },
});

let server: TestServer;
let keys: string[];

beforeAll(async () => {
  server = await startTestServer({
    routes: [probe],
    config: {
      trustProxy: true,
      rateLimitPerMinute: 0,
      rateLimitPerIpPerMinute: 5,
      rateLimitPerKeyPerMinute: 4,
      rateLimitPerSessionPerMinute: 1,
    },
  });
  const user = await signedInUser(server);
  keys = [];
  for (const name of ['First', 'Second']) {
    const created = await server.request('/projects', {
      method: 'POST',
      headers: user.headers,
      json: { name },
    });
    keys.push(created.body.apiKey);
  }
});
afterAll(() => server.stop());

const from = (ip: string, key: string) => ({ 'x-forwarded-for': ip, 'x-api-key': key });

describe('runtime API rate limits', () => {
  it('limits one key over all clients', async () => {
    const statuses = [];
    for (let client = 1; client <= 5; client++)
      statuses.push(
        (await server.request('/probe/limits', { headers: from(`10.0.1.${client}`, keys[0]!) })).status,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect((await server.request('/probe/limits', { headers: from('10.0.1.9', keys[1]!) })).status).toBe(200);
  });

  it('limits one client over all keys, with Retry-After and the error envelope', async () => {
    const statuses = [];
    for (let hit = 0; hit < 6; hit++)
      statuses.push((await server.request('/probe/limits', { headers: from('10.0.2.1', keys[1]!) })).status);
    // The second key has one request from another client already (the test above).
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    const refused = await server.request('/probe/limits', { headers: from('10.0.2.2', keys[1]!) });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: 'rate_limited',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits the messages of one visitor conversation, not the next conversation', async () => {
    const user = await signedInUser(server);
    const { apiKey } = (
      await server.request('/projects', { method: 'POST', headers: user.headers, json: { name: 'Chat' } })
    ).body;
    const ask = (ip: string, conversationId?: string) =>
      server.request('/chat', {
        method: 'POST',
        headers: from(ip, apiKey),
        json: { message: 'Where is the office?', ...(conversationId ? { conversationId } : {}) },
      });
    const first = await ask('10.0.3.1');
    expect(first.status).toBe(200);
    const { conversationId } = first.body;
    const statuses = [];
    for (let turn = 0; turn < 2; turn++)
      statuses.push((await ask(`10.0.3.${turn + 2}`, conversationId)).status);
    expect(statuses).toEqual([200, 429]);
    // Four requests with this key so far: within the per-key limit of four.
    expect((await ask('10.0.3.9')).status).toBe(200);
  });
});
