import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';
import { openApiMismatches } from '../testing/openapi-conformance.js';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signedInUser>>;
let project: { apiKey: string; publishableKey: string; project: { id: string } };
let otherProject: { apiKey: string; project: { id: string } };

const facts = [
  '# Acme Robotics',
  'Acme Robotics was founded in 2011 in Lyon by Claire Martin.',
  '## Refunds',
  'Refunds are paid within 14 days of receiving the returned robot.',
  '## Plans',
  'The Pro plan costs 49 euros per month and includes phone support.',
].join('\n\n');

beforeAll(async () => {
  server = await startTestServer();
  owner = await signedInUser(server);
  const create = async (json: unknown) =>
    (await server.request('/projects', { method: 'POST', headers: owner.headers, json })).body;
  project = await create({ name: 'Acme', tokenLimit: 1_000_000 });
  otherProject = await create({ name: 'Other' });
  const upload = await server.request('/upload-doc', {
    method: 'POST',
    headers: { 'x-api-key': project.apiKey },
    json: { title: 'Acme facts', content: facts },
  });
  expect(upload.status).toBe(201);
  server.ports.models.chat.reply = (request) => `${request.context[0]?.text ?? ''} [S1]`;
});
afterAll(() => server.stop());

function parseEvents(text: string) {
  return text
    .trim()
    .split('\n\n')
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      return { event, data: data ? JSON.parse(data) : undefined };
    });
}

describe('chat API', () => {
  it('answers with sources as JSON, with a publishable key too', async () => {
    const response = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': project.publishableKey },
      json: { message: 'When are refunds paid?' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      answered: true,
      conversationId: expect.any(String),
      messageId: expect.any(String),
    });
    expect(response.body.reply).toContain('14 days');
    expect(response.body.sources[0]).toMatchObject({
      title: 'Acme facts',
      snippet: expect.stringContaining('14 days'),
    });
    expect(response.body.confidence).toBeGreaterThan(0);
    expect(response.body.confidence).toBeLessThanOrEqual(1);
  });

  it('says exactly "I don\'t know." to an unrelated question without calling the model', async () => {
    const calls = server.ports.models.chat.requests.length;
    const response = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': project.apiKey },
      json: { message: 'What is the capital of Mongolia?' },
    });
    expect(response.body).toMatchObject({ reply: "I don't know.", answered: false, sources: [] });
    expect(server.ports.models.chat.requests.length).toBe(calls);
  });

  it('streams tokens, then sources, then done with usage', async () => {
    const response = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': project.apiKey, accept: 'text/event-stream' },
      json: { message: 'How much does the Pro plan cost per month?' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseEvents(response.text);
    const tokens = events.filter((event) => event.event === 'token');
    expect(tokens.length).toBeGreaterThan(1);
    expect(events.at(-2)?.event).toBe('sources');
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.usage.totalTokens).toBeGreaterThan(0);
    expect(tokens.map((token) => token.data.text).join('')).toContain('49 euros');
  });

  it('answers as JSON to a client that refuses an event stream (q=0)', async () => {
    const response = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': project.apiKey, accept: 'text/event-stream;q=0, */*' },
      json: { message: 'How much does the Pro plan cost per month?' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.body.reply).toContain('49 euros');
  });

  it('lets a browser on another origin read a streamed answer (CORS headers sent with the stream)', async () => {
    const response = await server.request('/chat', {
      method: 'POST',
      headers: {
        'x-api-key': project.apiKey,
        accept: 'text/event-stream',
        origin: 'https://shop.example.com',
      },
      json: { message: 'How much does the Pro plan cost per month?' },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(response.headers.get('access-control-expose-headers')).toContain('retry-after');
  });

  it('keeps conversations per project and readable with the conversation id', async () => {
    const first = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': project.apiKey },
      json: { message: 'Who founded Acme Robotics?' },
    });
    const followUp = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': project.apiKey },
      json: { message: 'In which year was it founded?', conversationId: first.body.conversationId },
    });
    expect(followUp.status).toBe(200);
    expect(followUp.body.conversationId).toBe(first.body.conversationId);
    const messages = await server.request(`/conversations/${first.body.conversationId}/messages`, {
      headers: { 'x-api-key': project.publishableKey },
    });
    expect(messages.body.items.map((message: any) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    const list = await server.request('/conversations', { headers: { 'x-api-key': project.apiKey } });
    expect(list.body.items.map((item: any) => item.id)).toContain(first.body.conversationId);
    expect(
      (await server.request('/conversations', { headers: { 'x-api-key': project.publishableKey } })).status,
    ).toBe(403);
    const foreign = await server.request(`/conversations/${first.body.conversationId}/messages`, {
      headers: { 'x-api-key': otherProject.apiKey },
    });
    expect(foreign.status).toBe(404);
    const hijack = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': otherProject.apiKey },
      json: { message: 'hi', conversationId: first.body.conversationId },
    });
    expect(hijack.status).toBe(404);
    const dashboard = await server.request(
      `/projects/${project.project.id}/conversations/${first.body.conversationId}/messages`,
      { headers: owner.headers },
    );
    expect(dashboard.body.items).toHaveLength(4);
  });

  it('meters usage and refuses with 429 once the token limit is spent', async () => {
    const usage = await server.request('/usage', { headers: { 'x-api-key': project.apiKey } });
    expect(usage.status).toBe(200);
    expect(usage.body.totals.calls).toBeGreaterThan(0);
    expect(usage.body.byEndpoint.map((entry: any) => entry.endpoint)).toContain('chat');
    const limited = (
      await server.request('/projects', {
        method: 'POST',
        headers: owner.headers,
        json: { name: 'Tiny', tokenLimit: 10 },
      })
    ).body;
    await server.request('/upload-doc', {
      method: 'POST',
      headers: { 'x-api-key': limited.apiKey },
      json: { content: facts },
    });
    const first = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': limited.apiKey },
      json: { message: 'When are refunds paid?' },
    });
    expect(first.status).toBe(200);
    const refused = await server.request('/chat', {
      method: 'POST',
      headers: { 'x-api-key': limited.apiKey },
      json: { message: 'When are refunds paid?' },
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('token_limit_exceeded');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('charges a client that leaves a streamed answer midway for the tokens it was sent', async () => {
    const metered = (
      await server.request('/projects', { method: 'POST', headers: owner.headers, json: { name: 'Leaver' } })
    ).body;
    await server.request('/upload-doc', {
      method: 'POST',
      headers: { 'x-api-key': metered.apiKey },
      json: { content: facts },
    });
    const model = server.ports.models.chat;
    const stream = model.stream.bind(model);
    // The model sends one word, then waits for more than the client is willing to read.
    model.stream = async function* (request, options) {
      for await (const event of stream(request, options)) {
        yield event;
        await new Promise((resolve) => options?.signal?.addEventListener('abort', resolve, { once: true }));
      }
    };
    try {
      const abort = new AbortController();
      const response = await fetch(`${server.url}/chat`, {
        method: 'POST',
        headers: {
          'x-api-key': metered.apiKey,
          accept: 'text/event-stream',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ message: 'When are refunds paid?' }),
        signal: abort.signal,
      });
      const first = await response.body!.getReader().read();
      expect(new TextDecoder().decode(first.value)).toContain('event: token');
      abort.abort();
      let recent: any[] = [];
      for (let attempt = 0; attempt < 100 && recent.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const usage = await server.request('/usage', { headers: { 'x-api-key': metered.apiKey } });
        recent = usage.body.recent;
      }
      expect(recent).toHaveLength(1);
      expect(recent[0]).toMatchObject({ endpoint: 'chat', outcome: 'aborted' });
      expect(recent[0].completionTokens).toBeGreaterThan(0);
    } finally {
      model.stream = stream;
    }
  });

  it('rejects invalid chat input with 400', async () => {
    for (const json of [{}, { message: '' }, { message: 42 }, { message: 'hi', conversationId: 'x' }]) {
      const response = await server.request('/chat', {
        method: 'POST',
        headers: { 'x-api-key': project.apiKey },
        json,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
  });
});

describe('OpenAPI conformance', () => {
  it("every successful JSON answer above matches its operation's declared response schema", async () => {
    expect(server.exchanges.filter((exchange) => exchange.status < 300).length).toBeGreaterThan(5);
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
