import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiMismatches } from '../testing/openapi-conformance.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

let server: TestServer;
let admin: Awaited<ReturnType<typeof signedInUser>>;
let jane: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signedInUser(server, 'admin');
  jane = await signedInUser(server, 'user');
});
afterAll(() => server.stop());

const patch = (userId: string, headers: Record<string, string>, json: unknown) =>
  server.request(`/users/${userId}`, { method: 'PATCH', headers, json });

describe('GET /users and PATCH /users/:userId', () => {
  it('lists users for admins, paginated; 401 without a token, 403 for a user', async () => {
    expect((await server.request('/users')).status).toBe(401);
    const refused = await server.request('/users', { headers: jane.headers });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const first = await server.request('/users?limit=1', { headers: admin.headers });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0]).not.toHaveProperty('passwordHash');
    const second = await server.request(`/users?limit=1&cursor=${first.body.nextCursor}`, {
      headers: admin.headers,
    });
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect((await server.request('/users?limit=0', { headers: admin.headers })).status).toBe(400);
  });

  it('refuses non-admins (403), bad bodies (400) and unknown users (404) without changing anyone', async () => {
    expect((await patch(admin.user.id, jane.headers, { role: 'user' })).status).toBe(403);
    for (const body of [{}, { role: 'root' }, { status: 'gone' }, { role: 'admin', extra: 1 }, [], 'admin']) {
      const response = await patch(jane.user.id, admin.headers, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
    expect(
      (await patch('00000000-0000-4000-8000-00000000dead', admin.headers, { role: 'admin' })).status,
    ).toBe(404);
    expect((await patch('..%2F..%2Fetc', admin.headers, { role: 'admin' })).status).toBe(404);
    const users = await server.request('/users', { headers: admin.headers });
    expect(users.body.items.map((user: { role: string }) => user.role).sort()).toEqual(['admin', 'user']);
  });

  it('keeps the last active admin (409), promotes, then disables with immediate effect, all audited', async () => {
    const last = await patch(admin.user.id, admin.headers, { role: 'user' });
    expect(last.status).toBe(409);
    expect(last.body.error.details).toEqual({ reason: 'last_active_admin' });
    const promoted = await patch(jane.user.id, admin.headers, { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.user).toMatchObject({ id: jane.user.id, role: 'admin' });
    expect((await server.request('/audit', { headers: jane.headers })).status).toBe(200);
    const disabled = await patch(jane.user.id, admin.headers, { status: 'disabled' });
    expect(disabled.body.user.status).toBe('disabled');
    expect((await server.request('/me', { headers: jane.headers })).status).toBe(403);
    const audit = await server.request('/audit?action=user_role_changed,user_status_changed', {
      headers: admin.headers,
    });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'user_status_changed',
        actorId: admin.user.id,
        target: { type: 'user', id: jane.user.id },
        requestId: disabled.headers.get('x-request-id'),
        clientIp: expect.any(String),
        details: expect.objectContaining({ from: 'active', to: 'disabled' }),
      }),
      expect.objectContaining({
        action: 'user_role_changed',
        requestId: promoted.headers.get('x-request-id'),
      }),
    ]);
  });
});

describe('GET /audit', () => {
  it('records key rotations and project deletions made over HTTP with their request ids', async () => {
    const created = await server.request('/projects', {
      method: 'POST',
      headers: admin.headers,
      json: { name: 'Acme' },
    });
    const projectId = created.body.project.id as string;
    const rotated = await server.request(`/projects/${projectId}/rotate-key`, {
      method: 'POST',
      headers: admin.headers,
      json: {},
    });
    expect(rotated.status).toBe(200);
    const deleted = await server.request(`/projects/${projectId}`, {
      method: 'DELETE',
      headers: admin.headers,
    });
    expect(deleted.status).toBe(204);
    const page = await server.request('/audit?action=api_key_rotated,project_deleted&limit=10', {
      headers: admin.headers,
    });
    expect(page.body.items).toMatchObject([
      {
        action: 'project_deleted',
        target: { type: 'project', id: projectId },
        requestId: deleted.headers.get('x-request-id'),
      },
      {
        action: 'api_key_rotated',
        target: { type: 'project', id: projectId },
        requestId: rotated.headers.get('x-request-id'),
      },
    ]);
    expect(JSON.stringify(page.body)).not.toContain(rotated.body.apiKey);
  });

  it('filters by time and refuses bad filters with 400', async () => {
    const future = await server.request('/audit?since=2999-01-01T00:00:00Z', { headers: admin.headers });
    expect(future.body).toEqual({ items: [], nextCursor: null });
    for (const query of ['action=nonsense', 'since=yesterday', 'limit=1000', 'cursor=%00']) {
      const response = await server.request(`/audit?${query}`, { headers: admin.headers });
      expect(response.status, query).toBe(400);
    }
  });

  it("every successful answer matches the operation's declared schema", async () => {
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
