import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiMismatches } from '../testing/openapi-conformance.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { ownerHeaders } from '../testing/users.js';

let server: TestServer;
let owner: { authorization: string };
let stranger: { authorization: string };
let project: { id: string; apiKey: string; publishableKey: string };

beforeAll(async () => {
  server = await startTestServer({ config: { maxUploadBytes: 64 * 1024 } });
  owner = await ownerHeaders(server);
  stranger = await ownerHeaders(server);
  const created = await server.request('/projects', {
    method: 'POST',
    headers: owner,
    json: { name: 'Dashboard docs' },
  });
  project = { id: created.body.project.id, ...created.body };
});
afterAll(() => server.stop());

const upload = (headers: Record<string, string>, filename: string, text: string, projectId = project.id) => {
  const form = new FormData();
  form.set('file', new Blob([text], { type: 'text/markdown' }), filename);
  return server.request(`/projects/${projectId}/documents/file`, { method: 'POST', headers, body: form });
};

describe('dashboard document routes (bearer)', () => {
  it('uploads a file, finds it by part of its title, and deletes it', async () => {
    const created = await upload(owner, 'opening-hours.md', '# Opening hours\n\nWe open at 9 on weekdays.');
    expect(created.status).toBe(201);
    expect(created.body.document).toMatchObject({ title: 'Opening hours', status: 'ready' });
    const other = await upload(owner, 'refunds.md', '# Refund policy\n\nRefunds within 14 days.');
    expect(other.status).toBe(201);
    const search = (title: string) =>
      server.request(`/projects/${project.id}/documents?title=${encodeURIComponent(title)}`, {
        headers: owner,
      });
    expect((await search('HOURS')).body.items.map((item: any) => item.title)).toEqual(['Opening hours']);
    expect((await search('')).body.items).toHaveLength(2);
    expect((await search('x'.repeat(201))).status).toBe(400);
    const id = created.body.document.id;
    const removed = await server.request(`/projects/${project.id}/documents/${id}`, {
      method: 'DELETE',
      headers: owner,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.documentId).toBe(id);
    expect((await search('hours')).body.items).toEqual([]);
    expect(
      (await server.request(`/documents/${id}`, { headers: { 'x-api-key': project.apiKey } })).status,
    ).toBe(404);
  });

  it('answers 404 on another owner’s project and leaves its documents alone', async () => {
    const mine = await upload(owner, 'prices.md', '# Prices\n\nA loaf costs 3 euros.');
    expect((await upload(stranger, 'intruder.md', '# Intruder\n\nNothing.')).status).toBe(404);
    const erase = await server.request(`/projects/${project.id}/documents/${mine.body.document.id}`, {
      method: 'DELETE',
      headers: stranger,
    });
    expect(erase.status).toBe(404);
    expect(erase.body.error.code).toBe('project_not_found');
    const list = await server.request(`/projects/${project.id}/documents?title=intruder`, { headers: owner });
    expect(list.body.items).toEqual([]);
    expect((await server.request(`/projects/${project.id}/documents`, { headers: stranger })).status).toBe(
      404,
    );
  });

  it('refuses an unsupported type with 415 and an upload without a session with 401', async () => {
    const form = new FormData();
    form.set(
      'file',
      new Blob([new Uint8Array([0, 1, 2, 3])], { type: 'application/x-msdownload' }),
      'tool.exe',
    );
    const refused = await server.request(`/projects/${project.id}/documents/file`, {
      method: 'POST',
      headers: owner,
      body: form,
    });
    expect(refused.status).toBe(415);
    expect((await upload({}, 'anonymous.md', '# Hello')).status).toBe(401);
  });

  it('shows the rating of an answer in the conversation review', async () => {
    const chat = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': project.apiKey },
      json: { message: 'How much does a loaf cost?' },
    });
    expect(chat.status).toBe(200);
    const rated = await server.request(`/messages/${chat.body.messageId}/feedback`, {
      method: 'POST',
      headers: { 'x-api-key': project.publishableKey },
      json: { rating: 'down', comment: 'Too vague', conversationId: chat.body.conversationId },
    });
    expect(rated.status).toBe(200);
    const messages = await server.request(
      `/projects/${project.id}/conversations/${chat.body.conversationId}/messages`,
      { headers: owner },
    );
    const [question, answer] = messages.body.items;
    expect(question).toMatchObject({ role: 'user', feedback: null });
    expect(answer.feedback).toMatchObject({ rating: 'down', comment: 'Too vague' });
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
