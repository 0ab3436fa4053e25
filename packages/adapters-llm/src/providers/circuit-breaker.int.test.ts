import { isDomainError } from '@chatbuddy/core';
import { sampleChatRequest } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../testing/fake-openai-server.js';
import type { FakeProviderServer } from '../testing/fake-provider-server.js';
import { drain } from '../testing/hosted-chat-model-scenarios.js';
import { createModelGateway } from './model-gateway.js';

const apiKey = 'sk-test-openai';
const errorBody = { error: { message: 'fake 500', type: 'server_error', code: null } };
let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer({ apiKey });
});
afterAll(() => server.close());

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('provider circuit breaker with the real OpenAI SDK', () => {
  it('fails fast while the provider is down, probes after the pause, and closes on success', async () => {
    let now = 0;
    const gateway = createModelGateway({
      openai: { apiKey, baseUrl: `${server.url}/v1` },
      timeoutMs: 1_000,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      circuitBreaker: { failureThreshold: 2, openMs: 30_000 },
      now: () => now,
    });
    const chat = gateway.chatModel('openai');
    const embedder = gateway.embedder('openai');
    server.persistentReply = { status: 500, body: errorBody };

    for (let call = 0; call < 2; call++)
      expect(await failure(chat.complete(sampleChatRequest))).toMatchObject({ code: 'provider_error' });
    expect(server.attempts('/chat/completions')).toBe(4);

    // Open: neither the chat model nor the embedder of the provider reaches the wire.
    const fast = await failure(drain(chat.stream(sampleChatRequest)));
    expect(isDomainError(fast) && [fast.code, fast.retryAfterSeconds]).toEqual(['provider_unavailable', 30]);
    expect(await failure(embedder.embed(['hello'], { purpose: 'query' }))).toMatchObject({
      code: 'provider_unavailable',
    });
    expect(server.requests).toHaveLength(4);
    const [openHealth] = (await gateway.health()).filter((entry) => entry.provider === 'openai');
    expect(openHealth).toMatchObject({ reachable: false, circuit: { state: 'open', retryInSeconds: 30 } });

    // Half-open: one probe; the provider is back, so the circuit closes.
    now += 30_000;
    server.persistentReply = null;
    expect((await chat.complete(sampleChatRequest)).text.length).toBeGreaterThan(0);
    expect(server.attempts('/chat/completions')).toBe(5);
    const [closedHealth] = (await gateway.health()).filter((entry) => entry.provider === 'openai');
    expect(closedHealth).toMatchObject({
      reachable: true,
      circuit: { state: 'closed', consecutiveFailures: 0 },
    });
    expect((await embedder.embed(['hello'], { purpose: 'query' })).length).toBe(1);
  });
});
