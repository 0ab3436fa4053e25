import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiMismatches } from '../testing/openapi-conformance.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

let server: TestServer;
let alice: Awaited<ReturnType<typeof signedInUser>>;
let bob: Awaited<ReturnType<typeof signedInUser>>;
let admin: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  server = await startTestServer();
  alice = await signedInUser(server);
  bob = await signedInUser(server);
  admin = await signedInUser(server, 'admin');
});
afterAll(() => server.stop());

async function newProject(headers = alice.headers, tokenLimit: number | null = 1_000) {
  const response = await server.request('/projects', {
    method: 'POST',
    headers,
    json: { name: 'Shop', tokenLimit },
  });
  expect(response.status).toBe(201);
  return response.body as { apiKey: string; project: { id: string } };
}

const hours = {
  question: 'What are your opening hours?',
  answer: 'We are open from 9:00 to 17:00, Monday to Friday.',
  alternativeQuestions: ['When is the shop open?'],
};

describe('curated answers API', () => {
  it('creates, lists, edits and deletes answers; the owner and admins only', async () => {
    const { project } = await newProject();
    const base = `/projects/${project.id}/answers`;
    const created = await server.request(base, { method: 'POST', headers: alice.headers, json: hours });
    expect(created.status).toBe(201);
    const id = created.body.answer.id as string;
    expect(created.body.answer).toMatchObject(hours);
    const listed = await server.request(base, { headers: admin.headers });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    const edited = await server.request(`${base}/${id}`, {
      method: 'PATCH',
      headers: alice.headers,
      json: { answer: 'Open 8:00 to 18:00.' },
    });
    expect(edited.body.answer).toMatchObject({ answer: 'Open 8:00 to 18:00.', question: hours.question });
    for (const [method, path, json] of [
      ['GET', base, undefined],
      ['POST', base, hours],
      ['PATCH', `${base}/${id}`, { answer: 'hijacked' }],
      ['DELETE', `${base}/${id}`, undefined],
      ['GET', `/projects/${project.id}/answers.csv`, undefined],
      ['POST', `${base}/import`, { csv: 'question,answer\nq,a' }],
    ] as const) {
      const response = await server.request(path, { method, headers: bob.headers, json });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('project_not_found');
    }
    expect((await server.request(base, { headers: alice.headers })).body.items[0].answer).toBe(
      'Open 8:00 to 18:00.',
    );
    const deleted = await server.request(`${base}/${id}`, { method: 'DELETE', headers: alice.headers });
    expect(deleted.status).toBe(204);
    const again = await server.request(`${base}/${id}`, { method: 'DELETE', headers: alice.headers });
    expect(again.body.error.code).toBe('answer_not_found');
    expect((await server.request(base)).status).toBe(401);
  });

  it('holds each question once: a repeat (any case or punctuation) is 409 naming the answer to edit', async () => {
    const { project } = await newProject();
    const base = `/projects/${project.id}/answers`;
    const first = await server.request(base, { method: 'POST', headers: alice.headers, json: hours });
    const id = first.body.answer.id as string;
    for (const json of [
      { question: 'what are your OPENING hours', answer: 'Never.' },
      { question: 'Do you open on Sundays?', answer: 'No.', alternativeQuestions: ['When is the shop open'] },
    ]) {
      const repeat = await server.request(base, { method: 'POST', headers: alice.headers, json });
      expect(repeat.status).toBe(409);
      expect(repeat.body.error).toMatchObject({ code: 'conflict', details: { answerId: id } });
    }
    const other = await server.request(base, {
      method: 'POST',
      headers: alice.headers,
      json: { question: 'Do you open on Sundays?', answer: 'No.' },
    });
    expect(other.status).toBe(201);
    const taken = await server.request(`${base}/${other.body.answer.id}`, {
      method: 'PATCH',
      headers: alice.headers,
      json: { question: 'What are your opening hours' },
    });
    expect(taken.status).toBe(409);
    const own = await server.request(`${base}/${id}`, {
      method: 'PATCH',
      headers: alice.headers,
      json: { question: 'WHAT are your opening hours', answer: 'Open 8:00 to 18:00.' },
    });
    expect(own.status).toBe(200);
    expect((await server.request(base, { headers: alice.headers })).body.items).toHaveLength(2);
  });

  it('refuses an import that repeats a question, of its own rows or of the answers held, and adds nothing', async () => {
    const { project } = await newProject();
    const base = `/projects/${project.id}/answers`;
    await server.request(base, { method: 'POST', headers: alice.headers, json: hours });
    const csv = (rows: string) => ({ csv: `question,answer\n${rows}` });
    const fresh = await server.request(`${base}/import`, {
      method: 'POST',
      headers: alice.headers,
      json: csv('Do you ship to Mars?,No.\nCan I pay by card?,Yes.'),
    });
    expect(fresh.status).toBe(201);
    for (const [rows, issue] of [
      // The same table again.
      ['Do you ship to Mars?,No.\nCan I pay by card?,Yes.', { row: 2, path: 'question' }],
      // A corrected answer to a held question.
      ['what are your opening hours,Open 8:00 to 18:00.', { row: 2, path: 'question' }],
      // One question twice in one table.
      ['Gift cards?,Yes.\ngift cards,No.', { row: 3, path: 'question' }],
    ] as const) {
      const refused = await server.request(`${base}/import`, {
        method: 'POST',
        headers: alice.headers,
        json: csv(rows),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.issues[0]).toMatchObject(issue);
    }
    expect((await server.request(base, { headers: alice.headers })).body.items).toHaveLength(3);
  });

  it('refuses invalid, oversize and unstorable answers with 400 and stores nothing', async () => {
    const { project } = await newProject();
    const base = `/projects/${project.id}/answers`;
    for (const json of [
      {},
      { question: '', answer: 'x' },
      { question: 'x'.repeat(501), answer: 'x' },
      { question: 'q', answer: 'x'.repeat(8001) },
      { question: 'q', answer: 'a', alternativeQuestions: Array.from({ length: 21 }, (_, i) => `alt ${i}`) },
      { question: 'bad \u0000 text', answer: 'a' },
      { question: 'q', answer: 'lone \ud800 surrogate' },
      { question: 'two\nlines', answer: 'a' },
      { question: 'q', answer: 'a', extra: true },
    ]) {
      const response = await server.request(base, { method: 'POST', headers: alice.headers, json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
    expect((await server.request(base, { headers: alice.headers })).body.items).toEqual([]);
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (json) => {
        const response = await server.request(base, { method: 'POST', headers: alice.headers, json });
        expect([201, 400]).toContain(response.status);
      }),
      { numRuns: 40 },
    );
    const patch = await server.request(`${base}/00000000-0000-4000-8000-000000000000`, {
      method: 'PATCH',
      headers: alice.headers,
      json: {},
    });
    expect(patch.status).toBe(400);
  });

  it('answers /chat from a curated answer with no model call and no tokens', async () => {
    const { project, apiKey } = await newProject(alice.headers, 10);
    await server.request(`/projects/${project.id}/answers`, {
      method: 'POST',
      headers: alice.headers,
      json: hours,
    });
    const calls = server.ports.models.chat.requests.length;
    const before = (await server.ports.projects.findById(project.id))!;
    const response = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': apiKey },
      json: { message: 'when is your shop open' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      reply: hours.answer,
      answered: true,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      sources: [
        { documentId: null, chunkId: null, title: 'Curated answer', snippet: 'When is the shop open?' },
      ],
    });
    expect(response.body.confidence).toBeGreaterThan(0.5);
    expect(server.ports.models.chat.requests.length).toBe(calls);
    const after = (await server.ports.projects.findById(project.id))!;
    expect([after.tokensUsed, after.tokensReserved]).toEqual([before.tokensUsed, before.tokensReserved]);
    const usage = await server.ports.usage.recent(project.id, 5);
    expect(usage[0]).toMatchObject({ outcome: 'curated', totalTokens: 0 });
    const messages = await server.request(`/conversations/${response.body.conversationId}/messages`, {
      headers: { 'x-api-key': apiKey },
    });
    expect(messages.body.items.map((item: { content: string }) => item.content)).toEqual([
      'when is your shop open',
      hours.answer,
    ]);
    // An edit applies at once; a question that is not close enough goes to retrieval.
    const unrelated = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': apiKey },
      json: { message: 'Do you sell gift cards?' },
    });
    expect(unrelated.body).toMatchObject({ answered: false, reply: "I don't know." });
  });

  it('conforms to the OpenAPI document', async () => {
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
