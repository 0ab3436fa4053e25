import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiMismatches } from '../testing/openapi-conformance.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signedInUser>>;

/** A fresh bearer header for the owner (access tokens are short-lived and the clock jumps). */
async function bearer() {
  const { token } = await server.ports.tokenIssuer.issue({
    userId: owner.user.id,
    role: 'user',
    sessionId: server.ports.ids.newId(),
  });
  return { authorization: `Bearer ${token}` };
}

beforeAll(async () => {
  server = await startTestServer();
  server.ports.clock.set('2026-03-31T23:00:00.000Z');
  owner = await signedInUser(server);
  server.ports.models.chat.reply = (request) => `${request.context[0]?.text ?? ''} [S1]`;
});
afterAll(() => server.stop());

async function spentProject(json: Record<string, unknown>) {
  const created = await server.request('/projects', {
    method: 'POST',
    headers: await bearer(),
    json: { name: 'Acme', ...json },
  });
  expect(created.status).toBe(201);
  const key = { 'x-api-key': created.body.apiKey };
  await server.request('/upload-doc', {
    method: 'POST',
    headers: key,
    json: { content: '# Refunds\n\nRefunds are paid within 14 days of receiving the returned robot.' },
  });
  const chat = () =>
    server.request('/chat', { method: 'POST', headers: key, json: { message: 'When are refunds paid?' } });
  expect((await chat()).status).toBe(200);
  return { id: created.body.project.id as string, key, chat, project: created.body.project };
}

describe('token budget period over HTTP', () => {
  it('limits per UTC month by default: 429 with Retry-After until the month ends, then answers again', async () => {
    server.ports.clock.set('2026-03-31T23:00:00.000Z');
    const { id, key, chat, project } = await spentProject({ tokenLimit: 10 });
    expect(project.tokenLimitPeriod).toBe('month');
    const refused = await chat();
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: 'token_limit_exceeded',
      details: { period: 'month', resetsAt: '2026-04-01T00:00:00.000Z' },
    });
    expect(refused.headers.get('retry-after')).toBe('3600');
    const usage = await server.request('/usage', { headers: key });
    expect(usage.body.period).toMatchObject({
      period: 'month',
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-04-01T00:00:00.000Z',
      limit: 10,
      remaining: 0,
    });
    server.ports.clock.set('2026-04-01T00:00:00.000Z');
    expect((await chat()).status).toBe(200);
    const analytics = await server.request(`/projects/${id}/analytics`, { headers: await bearer() });
    expect(analytics.body.tokenBudget).toMatchObject({ start: '2026-04-01T00:00:00.000Z', limit: 10 });
    expect(analytics.body.tokenBudget.used).toBeGreaterThan(0);
  });

  it('a lifetime budget never resets and its 429 has no Retry-After', async () => {
    server.ports.clock.set('2026-03-31T23:00:00.000Z');
    const { id, chat } = await spentProject({ tokenLimit: 10, tokenLimitPeriod: 'lifetime' });
    server.ports.clock.set('2026-05-01T00:00:00.000Z');
    const refused = await chat();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
    const switched = await server.request(`/projects/${id}`, {
      method: 'PATCH',
      headers: await bearer(),
      json: { tokenLimitPeriod: 'month' },
    });
    expect(switched.body.tokenLimitPeriod).toBe('month');
    expect((await chat()).status).toBe(200);
    const bad = await server.request(`/projects/${id}`, {
      method: 'PATCH',
      headers: await bearer(),
      json: { tokenLimitPeriod: 'week' },
    });
    expect(bad.status).toBe(400);
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
