import {
  inMemoryLeadSeeder,
  makeConversation,
  makeDirectoryLead,
  makeSession,
} from '@chatbuddy/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiMismatches } from '../testing/openapi-conformance.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

let server: TestServer;
let alice: Awaited<ReturnType<typeof signedInUser>>;
let bob: Awaited<ReturnType<typeof signedInUser>>;
let admin: Awaited<ReturnType<typeof signedInUser>>;
let projectId: string;
let foreignProjectId: string;

async function createProject(headers: Record<string, string>): Promise<string> {
  const response = await server.request('/projects', {
    method: 'POST',
    headers,
    json: { name: 'Leads test' },
  });
  expect(response.status).toBe(201);
  return response.body.project.id;
}

async function addLead(project: string, overrides: Parameters<typeof makeDirectoryLead>[1] = {}) {
  const lead = makeDirectoryLead(project, overrides);
  await inMemoryLeadSeeder(server.ports.db).lead(lead);
  return lead;
}

beforeAll(async () => {
  server = await startTestServer();
  alice = await signedInUser(server);
  bob = await signedInUser(server);
  admin = await signedInUser(server, 'admin');
  projectId = await createProject(alice.headers);
  foreignProjectId = await createProject(bob.headers);
});
afterAll(() => server.stop());

describe('GET /projects/:projectId/leads', () => {
  it('lists, filters and searches for the owner and admins; anyone else gets a 404', async () => {
    const verified = await addLead(projectId, { name: 'Ada 50% off', verifiedAt: new Date() });
    const pending = await addLead(projectId, { name: 'Bob_Builder' });
    await addLead(foreignProjectId, { name: 'Ada elsewhere' });
    const ids = async (query: string, headers = alice.headers) => {
      const response = await server.request(`/projects/${projectId}/leads${query}`, { headers });
      expect(response.status).toBe(200);
      return response.body.items.map((lead: { id: string }) => lead.id);
    };
    expect((await ids('')).sort()).toEqual([verified.id, pending.id].sort());
    expect(await ids('?verified=true')).toEqual([verified.id]);
    expect(await ids('?verified=false&q=builder')).toEqual([pending.id]);
    expect(await ids(`?q=${encodeURIComponent('0%')}`)).toEqual([verified.id]);
    expect(await ids('?q=b_b')).toEqual([pending.id]);
    expect(await ids('?q=a%25b')).toEqual([]);
    expect((await ids('?limit=1', admin.headers)).length).toBe(1);
    const denied = await server.request(`/projects/${projectId}/leads`, { headers: bob.headers });
    expect(denied.status).toBe(404);
    expect(denied.body.error.code).toBe('project_not_found');
    expect((await server.request(`/projects/${projectId}/leads`)).status).toBe(401);
  });

  it('answers garbage queries and paths with a 4xx envelope, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('verified', 'q', 'limit', 'cursor', 'x'),
          fc.string({ maxLength: 300 }),
        ),
        fc.oneof(
          fc.constant(projectId),
          fc.constant(foreignProjectId),
          fc.uuid(),
          fc.string({ maxLength: 40 }),
        ),
        fc.constantFrom('leads', 'leads.csv'),
        async (query, project, path) => {
          const search = new URLSearchParams(query).toString();
          const response = await server.request(
            `/projects/${encodeURIComponent(project)}/${path}${search ? `?${search}` : ''}`,
            { headers: alice.headers },
          );
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(typeof response.body.error.code).toBe('string');
          if (project !== projectId) expect(response.status).not.toBe(200);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('GET /projects/:projectId/leads.csv', () => {
  it('downloads RFC 4180 CSV with a byte order mark and neutralised formulas', async () => {
    const project = await createProject(alice.headers);
    await addLead(project, { name: '=cmd|"/c calc"!A1, "quoted"\r\nnext line', email: '@evil@example.com' });
    const response = await fetch(`${server.url}/projects/${project}/leads.csv`, { headers: alice.headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="leads-${project}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    // The test server's CSV encoder quotes every cell; csv-stringify's output is tested in adapters-node.
    expect(text.startsWith('\uFEFF"id","name","email","verified_at","messages_used","created_at"\r\n')).toBe(
      true,
    );
    expect(text).toContain(`,"'=cmd|""/c calc""!A1, ""quoted""\r\nnext line","'@evil@example.com",`);
    const denied = await server.request(`/projects/${project}/leads.csv`, { headers: bob.headers });
    expect(denied.status).toBe(404);
    expect(denied.body.error.code).toBe('project_not_found');
  });
});

describe('DELETE /projects/:projectId/leads/:leadId', () => {
  it('erases the lead with its sessions and conversations; another tenant’s lead is a 404', async () => {
    const lead = await addLead(projectId);
    const conversation = makeConversation(projectId);
    await server.ports.conversations.create(conversation);
    const session = makeSession(lead, { conversationId: conversation.id });
    await inMemoryLeadSeeder(server.ports.db).session(session);
    const foreign = await addLead(foreignProjectId);
    const erase = (project: string, id: string, headers = alice.headers) =>
      server.request(`/projects/${project}/leads/${id}`, { method: 'DELETE', headers });
    expect((await erase(projectId, foreign.id)).body.error.code).toBe('lead_not_found');
    expect((await erase(projectId, lead.id, bob.headers)).status).toBe(404);
    expect((await erase(projectId, 'not-a-uuid')).status).toBe(400);
    const erased = await erase(projectId, lead.id);
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ leadId: lead.id, erased: true });
    expect(server.ports.db.tables.assistantSessions.has(session.id)).toBe(false);
    expect(await server.ports.conversations.findById(projectId, conversation.id)).toBeNull();
    expect((await erase(projectId, lead.id)).status).toBe(404);
    expect(await server.ports.leadDirectory.findById(foreignProjectId, foreign.id)).not.toBeNull();
  });
});

describe('lead settings of a project', () => {
  it('takes a retention period and a webhook with its secret, and never shows the secret', async () => {
    const patch = (assistant: unknown) =>
      server.request(`/projects/${projectId}`, {
        method: 'PATCH',
        headers: alice.headers,
        json: { assistant },
      });
    expect((await patch({ leadWebhookUrl: 'https://hooks.example.com/leads' })).status).toBe(400);
    expect((await patch({ leadRetentionDays: 0 })).status).toBe(400);
    expect(
      (await patch({ leadWebhookUrl: 'ftp://x.example.com', leadWebhookSecret: 's'.repeat(32) })).status,
    ).toBe(400);
    const secret = 'whsec_abcdefghijklmnopqrstuvwxyz';
    const updated = await patch({
      leadCapture: true,
      leadRetentionDays: 30,
      leadWebhookUrl: 'https://hooks.example.com/leads',
      leadWebhookSecret: secret,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.assistant).toEqual({
      leadCapture: true,
      leadRetentionDays: 30,
      leadWebhookUrl: 'https://hooks.example.com/leads',
    });
    expect(updated.text).not.toContain(secret);
    expect((await server.request(`/projects/${projectId}`, { headers: alice.headers })).text).not.toContain(
      secret,
    );
    expect((await server.ports.projects.findById(projectId))?.assistant.leadWebhookSecret).toBe(secret);
  });
});

describe('OpenAPI', () => {
  it('every successful JSON answer matches its declared schema', async () => {
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
