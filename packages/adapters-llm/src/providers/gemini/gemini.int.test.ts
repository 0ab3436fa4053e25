import { chatModelContract, embedderContract, sampleChatRequest } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGeminiServer } from '../../testing/fake-gemini-server.js';
import type { FakeProviderServer } from '../../testing/fake-provider-server.js';
import { drain, hostedChatModelScenarios } from '../../testing/hosted-chat-model-scenarios.js';
import { hostedEmbedderScenarios } from '../../testing/hosted-embedder-scenarios.js';
import { GeminiChatModel } from './gemini-chat-model.js';
import { GeminiEmbedder } from './gemini-embedder.js';

const apiKey = 'AIza-test-gemini';
const timings = { timeoutMs: 1_000, retry: { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 10 } };
const statusNames: Record<number, string> = {
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
};
const errorBody = (status: number) => ({
  error: { code: status, message: `fake ${status}`, status: statusNames[status] ?? 'UNKNOWN' },
});
let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeGeminiServer({ apiKey });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const chatModel = (overrides: { apiKey?: string; baseUrl?: string; timeoutMs?: number } = {}) =>
  new GeminiChatModel({ apiKey, baseUrl: server.url, ...timings, ...overrides });
const embedder = (overrides: { apiKey?: string } = {}) =>
  new GeminiEmbedder({ apiKey, baseUrl: server.url, batchSize: 2, ...timings, ...overrides });

chatModelContract('GeminiChatModel', () => chatModel());
embedderContract('GeminiEmbedder', () => embedder());

describe('GeminiChatModel against the Gemini wire format', () => {
  hostedChatModelScenarios({
    server: () => server,
    model: chatModel,
    chatPath: '/v1beta/models/gemini-2.5-flash:',
    apiKey,
    errorBody,
  });

  it('sends system turns as the system instruction and streams over alt=sse', async () => {
    await drain(chatModel().stream({ ...sampleChatRequest, temperature: 0.1, maxOutputTokens: 200 }));
    const [request] = server.requests;
    expect(request?.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(request?.query.get('alt')).toBe('sse');
    expect(request?.headers['x-goog-api-key']).toBe(apiKey);
    expect(request?.body.systemInstruction.parts[0].text).toBe('Answer only from the context.');
    expect(request?.body.contents).toHaveLength(1);
    expect(request?.body.contents[0].role).toBe('user');
    expect(request?.body.generationConfig).toMatchObject({ temperature: 0.1, maxOutputTokens: 200 });
  });
});

describe('GeminiEmbedder against the Gemini wire format', () => {
  hostedEmbedderScenarios({
    server: () => server,
    embedder,
    embedPath: ':batchEmbedContents',
    errorBody,
    usesApiKey: true,
  });

  it('asks for the retrieval task type and dimension, and returns unit vectors', async () => {
    const [query] = await embedder().embed(['refund policy'], { purpose: 'query' });
    await embedder().embed(['refund policy'], { purpose: 'document' });
    const [first, second] = server.requests.map((request) => request.body.requests[0]);
    expect(first).toMatchObject({ taskType: 'RETRIEVAL_QUERY', outputDimensionality: 768 });
    expect(second).toMatchObject({ taskType: 'RETRIEVAL_DOCUMENT' });
    expect(Math.hypot(...query!)).toBeCloseTo(1, 6);
    expect(embedder().model).toBe('gemini:gemini-embedding-001:768');
  });
});
