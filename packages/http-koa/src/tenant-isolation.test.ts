import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/test-server.js';
import { signedInUser } from './testing/users.js';

interface Tenant {
  marker: string;
  apiKey: string;
  publishableKey: string;
  projectId: string;
  headers: Record<string, string>;
  ids: Set<string>;
}

let server: TestServer;
const tenants: Tenant[] = [];

beforeAll(async () => {
  server = await startTestServer();
  server.ports.models.chat.reply = (request) => request.context.map((passage) => passage.text).join(' ');
  for (const marker of ['alphaquartz', 'betazircon']) {
    const user = await signedInUser(server);
    const created = (
      await server.request('/projects', {
        method: 'POST',
        headers: user.headers,
        json: { name: `Project ${marker}` },
      })
    ).body;
    tenants.push({
      marker,
      apiKey: created.apiKey,
      publishableKey: created.publishableKey,
      projectId: created.project.id,
      headers: user.headers,
      ids: new Set([created.project.id]),
    });
  }
});
afterAll(() => server.stop());

type Operation =
  | { kind: 'upload'; tenant: number; topic: string }
  | { kind: 'chat'; tenant: number; topic: string; reuse: boolean }
  | {
      kind: 'read';
      tenant: number;
      path:
        | 'documents'
        | 'conversations'
        | 'usage'
        | 'dashboard-documents'
        | 'dashboard-conversations'
        | 'dashboard-usage';
    }
  | { kind: 'probe'; tenant: number; foreign: 'document' | 'conversation' };

const topics = ['refunds', 'shipping', 'warranty', 'opening hours', 'gift cards'];
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('upload' as const),
    tenant: fc.integer({ min: 0, max: 1 }),
    topic: fc.constantFrom(...topics),
  }),
  fc.record({
    kind: fc.constant('chat' as const),
    tenant: fc.integer({ min: 0, max: 1 }),
    topic: fc.constantFrom(...topics),
    reuse: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('read' as const),
    tenant: fc.integer({ min: 0, max: 1 }),
    path: fc.constantFrom(
      'documents',
      'conversations',
      'usage',
      'dashboard-documents',
      'dashboard-conversations',
      'dashboard-usage',
    ),
  }),
  fc.record({
    kind: fc.constant('probe' as const),
    tenant: fc.integer({ min: 0, max: 1 }),
    foreign: fc.constantFrom('document', 'conversation'),
  }),
);

const conversations: string[][] = [[], []];
const documents: string[][] = [[], []];
let uploads = 0;

async function run(op: Operation): Promise<string> {
  const self = tenants[op.tenant]!;
  const key = { 'x-api-key': self.apiKey };
  switch (op.kind) {
    case 'upload': {
      uploads += 1;
      const content = `Our ${op.topic} policy, note ${uploads}: the ${self.marker} rule applies to ${op.topic} for every customer.`;
      const response = await server.request('/upload-doc', {
        method: 'POST',
        headers: key,
        json: { title: `${op.topic} ${self.marker}`, content },
      });
      expect(response.status).toBe(201);
      documents[op.tenant]!.push(response.body.document.id);
      self.ids.add(response.body.document.id);
      return response.text;
    }
    case 'chat': {
      const conversationId = op.reuse ? conversations[op.tenant]!.at(-1) : undefined;
      const response = await server.request('/chat', {
        method: 'POST',
        headers: { 'x-api-key': self.publishableKey },
        json: { message: `What is the ${op.topic} policy?`, ...(conversationId ? { conversationId } : {}) },
      });
      expect(response.status).toBe(200);
      conversations[op.tenant]!.push(response.body.conversationId);
      self.ids.add(response.body.conversationId);
      return response.text;
    }
    case 'read': {
      const dashboard = op.path.startsWith('dashboard-');
      const resource = op.path.replace('dashboard-', '');
      const path = dashboard ? `/projects/${self.projectId}/${resource}` : `/${resource}`;
      const response = await server.request(path, { headers: dashboard ? self.headers : key });
      expect(response.status).toBe(200);
      return response.text;
    }
    case 'probe': {
      const other = 1 - op.tenant;
      const target = (op.foreign === 'document' ? documents : conversations)[other]!.at(-1);
      if (!target) return '';
      const path = op.foreign === 'document' ? `/documents/${target}` : `/conversations/${target}/messages`;
      const response = await server.request(path, { headers: key });
      expect(response.status).toBe(404);
      const dashboard = await server.request(`/projects/${tenants[other]!.projectId}/documents`, {
        headers: self.headers,
      });
      expect(dashboard.status).toBe(404);
      return response.text + dashboard.text;
    }
  }
}

describe('tenant isolation', () => {
  it('property: nothing of one tenant is ever returned to the other', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 5, maxLength: 25 }), async (operations) => {
        for (const op of operations) {
          const text = await run(op);
          const other = tenants[1 - op.tenant]!;
          expect(text).not.toContain(other.marker);
          for (const id of other.ids) expect(text).not.toContain(id);
        }
      }),
      { numRuns: 12 },
    );
    expect(documents[0]!.length + documents[1]!.length).toBeGreaterThan(0);
    expect(conversations[0]!.length + conversations[1]!.length).toBeGreaterThan(0);
  });
});
