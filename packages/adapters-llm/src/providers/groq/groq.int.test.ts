import { chatModelContract, sampleChatRequest } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../../testing/fake-openai-server.js';
import type { FakeProviderServer } from '../../testing/fake-provider-server.js';
import { drain, hostedChatModelScenarios } from '../../testing/hosted-chat-model-scenarios.js';
import { GroqChatModel } from './groq-chat-model.js';

const apiKey = 'gsk_test_groq';
const timings = { timeoutMs: 1_000, retry: { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 10 } };
const errorBody = (status: number) => ({
  error: { message: `fake ${status}`, type: 'internal_server_error' },
});
let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer({ apiKey, prefix: '/openai/v1', dialect: 'groq' });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const chatModel = (overrides: { apiKey?: string; baseUrl?: string; timeoutMs?: number } = {}) =>
  new GroqChatModel({ apiKey, baseUrl: server.url, ...timings, ...overrides });

chatModelContract('GroqChatModel', () => chatModel());

describe('GroqChatModel against the Groq (OpenAI-compatible) wire format', () => {
  hostedChatModelScenarios({
    server: () => server,
    model: chatModel,
    chatPath: '/chat/completions',
    apiKey,
    errorBody,
  });

  it('posts to /openai/v1 and reads stream usage from x_groq', async () => {
    const events = await drain(chatModel().stream(sampleChatRequest));
    const [request] = server.requests;
    expect(request?.path).toBe('/openai/v1/chat/completions');
    expect(request?.body).toMatchObject({ model: 'llama-3.1-8b-instant', stream: true });
    expect((events.at(-1) as any).completion.usage.totalTokens).toBeGreaterThan(0);
  });
});
