import { sampleChatRequest, chatModelContract, embedderContract } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../../testing/fake-openai-server.js';
import type { FakeProviderServer } from '../../testing/fake-provider-server.js';
import { drain, hostedChatModelScenarios } from '../../testing/hosted-chat-model-scenarios.js';
import { hostedEmbedderScenarios } from '../../testing/hosted-embedder-scenarios.js';
import { OpenAiChatModel } from './openai-chat-model.js';
import { OpenAiEmbedder } from './openai-embedder.js';

const apiKey = 'sk-test-openai';
const timings = { timeoutMs: 1_000, retry: { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 10 } };
const errorBody = (status: number) => ({
  error: { message: `fake ${status}`, type: 'server_error', code: null },
});
let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer({ apiKey });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const chatModel = (overrides: { apiKey?: string; baseUrl?: string; timeoutMs?: number } = {}) =>
  new OpenAiChatModel({ apiKey, baseUrl: `${server.url}/v1`, ...timings, ...overrides });
const embedder = (overrides: { apiKey?: string } = {}) =>
  new OpenAiEmbedder({ apiKey, baseUrl: `${server.url}/v1`, batchSize: 2, ...timings, ...overrides });

chatModelContract('OpenAiChatModel', () => chatModel());
embedderContract('OpenAiEmbedder', () => embedder());

describe('OpenAiChatModel against the OpenAI wire format', () => {
  hostedChatModelScenarios({
    server: () => server,
    model: chatModel,
    chatPath: '/chat/completions',
    apiKey,
    errorBody,
  });

  it('sends the prompt, the bearer key, and asks for stream usage', async () => {
    await drain(chatModel().stream({ ...sampleChatRequest, temperature: 0.2, maxOutputTokens: 300 }));
    const [request] = server.requests;
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_completion_tokens: 300,
      messages: sampleChatRequest.messages,
    });
  });

  it('reports the model the provider answered with', async () => {
    const completion = await chatModel().complete({ ...sampleChatRequest, model: 'gpt-4.1-mini' });
    expect(completion.model).toBe('gpt-4.1-mini-2026-01-01');
  });

  it('makes exactly one request per attempt (the SDK retries nothing itself)', async () => {
    server.persistentReply = { status: 500, body: errorBody(500) };
    await expect(chatModel().complete(sampleChatRequest)).rejects.toMatchObject({ code: 'provider_error' });
    expect(server.attempts('/chat/completions')).toBe(timings.retry.maxAttempts);
  });
});

describe('OpenAiEmbedder against the OpenAI wire format', () => {
  hostedEmbedderScenarios({
    server: () => server,
    embedder,
    embedPath: '/embeddings',
    errorBody,
    usesApiKey: true,
  });

  it('sends shortened dimensions only when they differ from the native size', async () => {
    await embedder().embed(['a'], { purpose: 'document' });
    const small = new OpenAiEmbedder({ apiKey, baseUrl: `${server.url}/v1`, dimensions: 256, ...timings });
    const [vector] = await small.embed(['a'], { purpose: 'document' });
    expect(server.requests.map((request) => request.body.dimensions)).toEqual([undefined, 256]);
    expect(vector).toHaveLength(256);
    expect(small.model).toBe('openai:text-embedding-3-small:256');
    expect(embedder().model).toBe('openai:text-embedding-3-small');
  });

  it('embeds an empty text instead of letting the API reject it', async () => {
    const vectors = await embedder().embed(['', 'refund'], { purpose: 'document' });
    expect(vectors).toHaveLength(2);
  });
});
