import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

const token = 'metrics-token-0123456789';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ config: { metricsToken: token } });
});
afterAll(() => server.stop());

/** The value of one sample line, e.g. `chatbuddy_chat_answers_total{outcome="answered"}`. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('is off (404 with the envelope) unless METRICS_TOKEN is set', async () => {
    const plain = await startTestServer();
    try {
      const response = await plain.request('/metrics');
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    } finally {
      await plain.stop();
    }
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0123456789' },
      { authorization: token },
    ];
    for (const headers of attempts) {
      const response = await server.request('/metrics', { headers });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthenticated');
    }
  });

  it('counts requests by route pattern and status, chat outcomes, tokens and queue sizes', async () => {
    const user = await signedInUser(server);
    const { apiKey } = (
      await server.request('/projects', { method: 'POST', headers: user.headers, json: { name: 'Metered' } })
    ).body;
    const headers = { 'x-api-key': apiKey };
    await server.request('/upload-doc', {
      method: 'POST',
      headers,
      json: { title: 'Hours', content: 'The office opens at nine in the morning on weekdays.' },
    });
    const missing = '0b9a1a6e-4a5e-4d4c-9d1e-2f3a4b5c6d7e';
    expect((await server.request(`/documents/${missing}`, { headers })).status).toBe(404);
    const chats = [
      await server.request('/chat', {
        method: 'POST',
        headers,
        json: { message: 'When does the office open?' },
      }),
      await server.request('/chat', {
        method: 'POST',
        headers,
        json: { message: 'What is the price of a llama?' },
      }),
    ];
    expect(chats.map((chat) => chat.status)).toEqual([200, 200]);

    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).not.toContain(missing);
    expect(
      sample(text, 'chatbuddy_http_requests_total{method="GET",route="/documents/:documentId",status="404"}'),
    ).toBe(1);
    expect(sample(text, 'chatbuddy_http_requests_total{method="POST",route="/chat",status="200"}')).toBe(2);
    expect(text).toMatch(
      /chatbuddy_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/chat",status="200"\}/,
    );
    const answered = sample(text, 'chatbuddy_chat_answers_total{outcome="answered"}');
    const abstained = sample(text, 'chatbuddy_chat_answers_total{outcome="abstained"}');
    expect(answered + abstained).toBe(2);
    expect(answered).toBe(chats.filter((chat) => chat.body.answered).length);
    const promptTokens = chats.reduce((total, chat) => total + chat.body.usage.promptTokens, 0);
    expect(sample(text, 'chatbuddy_chat_tokens_total{kind="prompt"}')).toBe(promptTokens);
    expect(sample(text, 'chatbuddy_indexing_queue_documents')).toBe(0);
    expect(sample(text, 'chatbuddy_search_mirror_chunks')).toBe(0);
    expect(sample(text, 'chatbuddy_vector_outbox_vectors')).toBe(0);
    expect(text).toContain('chatbuddy_process_resident_memory_bytes');
  });
});
