import { chatModelContract, embedderContract, sampleChatRequest } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOllamaServer } from '../../testing/fake-ollama-server.js';
import type { FakeProviderServer } from '../../testing/fake-provider-server.js';
import { drain, hostedChatModelScenarios } from '../../testing/hosted-chat-model-scenarios.js';
import { hostedEmbedderScenarios } from '../../testing/hosted-embedder-scenarios.js';
import { OllamaChatModel } from './ollama-chat-model.js';
import { OllamaEmbedder } from './ollama-embedder.js';

const timings = { timeoutMs: 1_000, retry: { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 10 } };
const errorBody = (status: number) => ({ error: `fake ${status}` });
let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeOllamaServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const chatModel = (overrides: { baseUrl?: string; timeoutMs?: number } = {}) =>
  new OllamaChatModel({
    ...timings,
    baseUrl: overrides.baseUrl ?? server.url,
    timeoutMs: overrides.timeoutMs ?? 1_000,
  });
const embedder = () => new OllamaEmbedder({ baseUrl: server.url, batchSize: 2, ...timings });

chatModelContract('OllamaChatModel', () => chatModel());
embedderContract('OllamaEmbedder', () => embedder());

describe('OllamaChatModel against the Ollama wire format', () => {
  hostedChatModelScenarios({
    server: () => server,
    // Ollama has no API key: a "rejected key" is a 401 from a proxy in front of it.
    model: (overrides = {}) => {
      if (overrides.apiKey) server.persistentReply = { status: 401, body: { error: 'unauthorized' } };
      return chatModel({ baseUrl: overrides.baseUrl, timeoutMs: overrides.timeoutMs });
    },
    chatPath: '/api/chat',
    apiKey: '',
    errorBody,
  });

  it('sends the options Ollama understands and streams NDJSON', async () => {
    const events = await drain(
      chatModel().stream({ ...sampleChatRequest, temperature: 0.3, maxOutputTokens: 64 }),
    );
    const [request] = server.requests;
    expect(request?.body).toMatchObject({
      model: 'llama3.2',
      stream: true,
      options: { temperature: 0.3, num_predict: 64 },
      messages: sampleChatRequest.messages,
    });
    expect((events.at(-1) as any).completion.model).toBe('llama3.2');
  });
});

describe('OllamaEmbedder against the Ollama wire format', () => {
  hostedEmbedderScenarios({
    server: () => server,
    embedder,
    embedPath: '/api/embed',
    errorBody,
    usesApiKey: false,
  });

  it('needs the dimensions of a model it does not know', () => {
    expect(() => new OllamaEmbedder({ baseUrl: server.url, model: 'my-custom-embedder' })).toThrow(
      /dimensions/,
    );
    expect(new OllamaEmbedder({ baseUrl: server.url, model: 'all-minilm:latest' }).dimensions).toBe(384);
  });
});
