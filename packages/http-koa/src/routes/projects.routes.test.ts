import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineRoute } from '../routing/route.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';
import { openApiMismatches } from '../testing/openapi-conformance.js';

const whoAmI = (auth: 'anyKey' | 'secretKey', path: string) =>
  defineRoute({
    method: 'get',
    path,
    summary: 'key probe',
    tag: 'test',
    auth,
    responses: { 200: { description: 'ok' } },
    handler: async (ctx) => {
      ctx.body = { projectId: ctx.state.project.id, keyKind: ctx.state.keyKind };
    },
  });

let server: TestServer;
let alice: Awaited<ReturnType<typeof signedInUser>>;
let bob: Awaited<ReturnType<typeof signedInUser>>;
let admin: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  server = await startTestServer({
    routes: [whoAmI('anyKey', '/probe/any'), whoAmI('secretKey', '/probe/secret')],
    config: { frontendOrigin: 'https://dash.example.com' },
  });
  alice = await signedInUser(server);
  bob = await signedInUser(server);
  admin = await signedInUser(server, 'admin');
});
afterAll(() => server.stop());

async function createProject(headers: Record<string, string>, body: unknown = { name: 'Acme Support Bot' }) {
  const response = await server.request('/projects', { method: 'POST', headers, json: body });
  expect(response.status).toBe(201);
  return response.body as {
    project: { id: string; keys: Array<{ prefix: string }> };
    apiKey: string;
    publishableKey: string;
  };
}

describe('projects API', () => {
  it('requires a bearer token', async () => {
    const response = await server.request('/projects');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
    expect(
      (await server.request('/projects', { headers: { authorization: 'Bearer nonsense' } })).status,
    ).toBe(401);
  });

  it('creates, lists, reads, patches and deletes a project', async () => {
    const created = await createProject(alice.headers, {
      name: 'Acme',
      modelProvider: 'local',
      tokenLimit: 100000,
      modelConfig: { temperature: 0.2, assistantMessageLimit: 5 },
    });
    expect(created.project.keys.map((key) => key.prefix)).toEqual([
      created.apiKey.slice(0, 14),
      created.publishableKey.slice(0, 14),
    ]);
    const list = await server.request('/projects?limit=10', { headers: alice.headers });
    expect(list.body.items.map((project: any) => project.id)).toContain(created.project.id);
    expect(JSON.stringify(list.body)).not.toContain(created.apiKey);
    const patched = await server.request(`/projects/${created.project.id}`, {
      method: 'PATCH',
      headers: alice.headers,
      json: { name: 'Acme 2', allowedOrigins: ['https://shop.example.com'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Acme 2', allowedOrigins: ['https://shop.example.com'] });
    expect(
      (await server.request(`/projects/${created.project.id}`, { headers: alice.headers })).body.name,
    ).toBe('Acme 2');
    expect(
      (await server.request(`/projects/${created.project.id}`, { method: 'DELETE', headers: alice.headers }))
        .status,
    ).toBe(204);
    expect((await server.request(`/projects/${created.project.id}`, { headers: alice.headers })).status).toBe(
      404,
    );
    expect((await server.request('/probe/any', { headers: { 'x-api-key': created.apiKey } })).status).toBe(
      401,
    );
  });

  it('merges model config and assistant settings: given members replace, null removes, the rest stays', async () => {
    const { project } = await createProject(alice.headers, {
      name: 'Merge',
      modelConfig: { temperature: 0.2, assistantMessageLimit: 5 },
      assistant: { title: 'Helpdesk', welcomeMessage: 'Hi there', leadRetentionDays: 30 },
    });
    const patch = (json: unknown) =>
      server.request(`/projects/${project.id}`, { method: 'PATCH', headers: alice.headers, json });

    const captured = await patch({ assistant: { leadCapture: true } });
    expect(captured.status).toBe(200);
    expect(captured.body.assistant).toEqual({
      leadCapture: true,
      title: 'Helpdesk',
      welcomeMessage: 'Hi there',
      leadRetentionDays: 30,
    });
    const hooked = await patch({
      assistant: { leadWebhookUrl: 'https://crm.example.com/hook', leadWebhookSecret: 's'.repeat(24) },
    });
    expect(hooked.status).toBe(200);
    // The secret is kept when other settings change, and never shown.
    const retitled = await patch({
      assistant: { title: null, leadWebhookUrl: 'https://crm.example.com/v2' },
    });
    expect(retitled.status).toBe(200);
    expect(retitled.body.assistant).toEqual({
      leadCapture: true,
      welcomeMessage: 'Hi there',
      leadRetentionDays: 30,
      leadWebhookUrl: 'https://crm.example.com/v2',
    });
    expect(JSON.stringify(retitled.body)).not.toContain('s'.repeat(24));
    const unsecret = await patch({ assistant: { leadWebhookSecret: null } });
    expect(unsecret.status).toBe(400);
    expect(unsecret.body.error.details.issues[0].path).toBe('assistant.leadWebhookSecret');
    const model = await patch({ modelConfig: { temperature: null, maxOutputTokens: 300 } });
    expect(model.body.modelConfig).toEqual({ assistantMessageLimit: 5, maxOutputTokens: 300 });
    const stored = await server.request(`/projects/${project.id}`, { headers: alice.headers });
    expect(stored.body.assistant.leadWebhookUrl).toBe('https://crm.example.com/v2');
    expect(stored.body.modelConfig).toEqual({ assistantMessageLimit: 5, maxOutputTokens: 300 });
  });

  it('hides another tenant’s project behind 404 on every route, but admins see it', async () => {
    const { project } = await createProject(alice.headers);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/projects/${project.id}`],
      ['PATCH', `/projects/${project.id}`, { name: 'stolen' }],
      ['DELETE', `/projects/${project.id}`],
      ['POST', `/projects/${project.id}/rotate-key`, {}],
      ['GET', `/projects/${project.id}/widget`],
      ['GET', `/projects/${project.id}/integration`],
    ];
    for (const [method, path, json] of routes) {
      const response = await server.request(path, { method, headers: bob.headers, json });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('project_not_found');
    }
    const list = await server.request('/projects', { headers: bob.headers });
    expect(list.body.items.map((item: any) => item.id)).not.toContain(project.id);
    expect((await server.request(`/projects/${project.id}`, { headers: admin.headers })).status).toBe(200);
  });

  it('authenticates project keys; publishable keys may not use secret routes', async () => {
    const created = await createProject(alice.headers);
    expect(
      (await server.request('/probe/secret', { headers: { 'x-api-key': created.apiKey } })).body,
    ).toEqual({ projectId: created.project.id, keyKind: 'secret' });
    expect(
      (await server.request('/probe/any', { headers: { 'x-api-key': created.publishableKey } })).body.keyKind,
    ).toBe('publishable');
    const refused = await server.request('/probe/secret', {
      headers: { 'x-api-key': created.publishableKey },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const missing = await server.request('/probe/any');
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('invalid_api_key');
  });

  it('rotates keys: the old key is dead at once, or lives through a grace period', async () => {
    const created = await createProject(alice.headers);
    const rotated = await server.request(`/projects/${created.project.id}/rotate-key`, {
      method: 'POST',
      headers: alice.headers,
      json: {},
    });
    expect(rotated.status).toBe(200);
    expect((await server.request('/probe/any', { headers: { 'x-api-key': created.apiKey } })).status).toBe(
      401,
    );
    expect(
      (await server.request('/probe/any', { headers: { 'x-api-key': rotated.body.apiKey } })).status,
    ).toBe(200);
    const graceful = await server.request(`/projects/${created.project.id}/rotate-key`, {
      method: 'POST',
      headers: alice.headers,
      json: { kind: 'publishable', gracePeriodSeconds: 300 },
    });
    expect(graceful.body.apiKey).toMatch(/^cb_pk_/);
    expect(
      (await server.request('/probe/any', { headers: { 'x-api-key': created.publishableKey } })).status,
    ).toBe(200);
    server.ports.clock.advance(301_000);
    expect(
      (await server.request('/probe/any', { headers: { 'x-api-key': created.publishableKey } })).status,
    ).toBe(401);
  });

  it('enforces allowed origins; CORS lets a refused page read only its refusal', async () => {
    const created = await createProject(alice.headers, {
      name: 'Shop',
      allowedOrigins: ['https://shop.example.com'],
    });
    const allowed = await server.request('/probe/any', {
      headers: { 'x-api-key': created.publishableKey, origin: 'https://shop.example.com' },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const other = await server.request('/probe/any', {
      headers: { 'x-api-key': created.publishableKey, origin: 'https://evil.example.com' },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('origin_not_allowed');
    // The refusal is readable by the refused page (the widget says so rather than "no network");
    // nothing but the error is sent to it.
    expect(other.headers.get('access-control-allow-origin')).toBe('https://evil.example.com');
    expect(Object.keys(other.body)).toEqual(['error']);
    const noOrigin = await server.request('/probe/any', { headers: { 'x-api-key': created.publishableKey } });
    expect(noOrigin.status).toBe(403);
    expect((await server.request('/probe/any', { headers: { 'x-api-key': created.apiKey } })).status).toBe(
      200,
    );
    const nullOrigin = await server.request('/probe/any', {
      headers: { 'x-api-key': created.apiKey, origin: 'null' },
    });
    expect(nullOrigin.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await server.request('/chat', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
    const dashboard = await server.request('/projects', {
      headers: { ...alice.headers, origin: 'https://evil.example.com' },
    });
    expect(dashboard.headers.get('access-control-allow-origin')).toBeNull();
    const dashboardOk = await server.request('/projects', {
      headers: { ...alice.headers, origin: 'https://dash.example.com' },
    });
    expect(dashboardOk.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
  });

  it('gives widget and integration snippets without any full key', async () => {
    const created = await createProject(alice.headers);
    const widget = await server.request(`/projects/${created.project.id}/widget`, { headers: alice.headers });
    expect(widget.status).toBe(200);
    expect(widget.body.snippet).toContain('/widget.js');
    expect(widget.body.snippet).toContain(created.publishableKey.slice(0, 14));
    const integration = await server.request(`/projects/${created.project.id}/integration`, {
      headers: alice.headers,
    });
    expect(integration.body.curlExamples.join('\n')).toContain('/chat');
    for (const body of [widget.text, integration.text]) {
      expect(body).not.toContain(created.apiKey);
      expect(body).not.toContain(created.publishableKey);
    }
  });

  it('property: garbage project bodies and ids give 4xx envelopes and create nothing', async () => {
    const before = server.ports.db.tables.projects.size;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ name: fc.anything(), tokenLimit: fc.anything(), allowedOrigins: fc.anything() }),
        ),
        async (garbage) => {
          const response = await server.request('/projects', {
            method: 'POST',
            headers: alice.headers,
            json: garbage === undefined ? null : garbage,
          });
          if (response.status === 201) return;
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(response.body.error.code).toMatch(/^[a-z_]+$/);
        },
      ),
      { numRuns: 80 },
    );
    for (const id of ['x', '1', 'not-a-uuid', "'; drop table projects; --"]) {
      const response = await server.request(`/projects/${encodeURIComponent(id)}`, {
        headers: alice.headers,
      });
      expect(response.status).toBe(400);
    }
    expect(server.ports.db.tables.projects.size).toBeGreaterThanOrEqual(before);
  });
});

describe('rate limits on project keys', () => {
  it('answers 429 with Retry-After past the per-client limit, per key', async () => {
    const limited = await startTestServer({
      routes: [whoAmI('anyKey', '/probe/any')],
      config: { rateLimitPerMinute: 3 },
    });
    try {
      const user = await signedInUser(limited);
      const created = (
        await limited.request('/projects', {
          method: 'POST',
          headers: user.headers,
          json: { name: 'Limited' },
        })
      ).body;
      const statuses: number[] = [];
      for (let index = 0; index < 4; index++)
        statuses.push(
          (await limited.request('/probe/any', { headers: { 'x-api-key': created.apiKey } })).status,
        );
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.request('/probe/any', { headers: { 'x-api-key': created.apiKey } });
      expect(refused.body.error.code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(
        (await limited.request('/probe/any', { headers: { 'x-api-key': created.publishableKey } })).status,
      ).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});

describe('OpenAPI conformance', () => {
  it("every successful JSON answer above matches its operation's declared response schema", async () => {
    expect(server.exchanges.filter((exchange) => exchange.status < 300).length).toBeGreaterThan(5);
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
