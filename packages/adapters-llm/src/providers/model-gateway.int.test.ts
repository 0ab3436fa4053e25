import { FakeChatModel, FakeEmbedder, sampleChatRequest } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGeminiServer } from '../testing/fake-gemini-server.js';
import { startFakeOllamaServer } from '../testing/fake-ollama-server.js';
import { startFakeOpenAiServer } from '../testing/fake-openai-server.js';
import type { FakeProviderServer } from '../testing/fake-provider-server.js';
import { domainErrorOf } from '../testing/hosted-chat-model-scenarios.js';
import { createModelGateway, modelGatewayConfigFrom } from './model-gateway.js';

let openai: FakeProviderServer;
let gemini: FakeProviderServer;
let ollama: FakeProviderServer;
const local = {
  chat: new FakeChatModel('local', 'extractive'),
  embedder: new FakeEmbedder('local:hash-384@1', 384),
};

beforeAll(async () => {
  [openai, gemini, ollama] = await Promise.all([
    startFakeOpenAiServer({ apiKey: 'sk-gateway' }),
    startFakeGeminiServer({ apiKey: 'AIza-gateway' }),
    startFakeOllamaServer(),
  ]);
});
afterAll(() => Promise.all([openai.close(), gemini.close(), ollama.close()]));

const timings = { timeoutMs: 1_000, retry: { maxAttempts: 1 }, healthTimeoutMs: 500 };

describe('createModelGateway', () => {
  it('serves each configured provider and refuses the others clearly', async () => {
    const gateway = createModelGateway({
      openai: { apiKey: 'sk-gateway', baseUrl: `${openai.url}/v1` },
      local,
    });
    expect(gateway.chatModel('openai').provider).toBe('openai');
    expect(gateway.chatModel('local')).toBe(local.chat);
    expect(gateway.embedder('local')).toBe(local.embedder);
    expect(gateway.embedder('openai').model).toBe('openai:text-embedding-3-small');
    for (const provider of ['groq', 'gemini', 'ollama'] as const) {
      const error = await domainErrorOf(Promise.resolve().then(() => gateway.chatModel(provider)));
      expect(error.code).toBe('provider_unavailable');
      expect(error.message).toMatch(/not configured; set (GROQ_API_KEY|GEMINI_API_KEY|OLLAMA_BASE_URL)/);
    }
    const noLocal = createModelGateway({});
    expect(() => noLocal.chatModel('local')).toThrow(/local provider is not configured/);
    expect(() => noLocal.chatModel('anthropic' as never)).toThrow(/Unknown model provider "anthropic"/);
    const [, openaiHealth, groqHealth] = await noLocal.health();
    expect(openaiHealth).toEqual({
      provider: 'openai',
      configured: false,
      reachable: null,
      detail: 'OPENAI_API_KEY is not set',
    });
    expect(groqHealth?.configured).toBe(false);
  });

  it('offers earlier local embedder versions to projects indexed with them', () => {
    const earlier = new FakeEmbedder('local:hash-384@0', 384);
    const gateway = createModelGateway({ local: { ...local, embedders: [earlier] } });
    expect(gateway.embedder('local', 'local:hash-384@0')).toBe(earlier);
    expect(gateway.embedder('local', local.embedder.model)).toBe(local.embedder);
    expect(gateway.embedder('local', 'local:unknown@9')).toBe(local.embedder);
    expect(gateway.embedder('local', null)).toBe(local.embedder);
    expect(createModelGateway({ local }).embedder('local', 'local:hash-384@0')).toBe(local.embedder);
  });

  it('embeds groq projects with Gemini, and says so when Gemini is missing', () => {
    const both = createModelGateway({
      groq: { apiKey: 'gsk' },
      gemini: { apiKey: 'AIza-gateway', baseUrl: gemini.url, embeddingDimensions: 256 },
    });
    expect(both.embedder('groq')).toBe(both.embedder('gemini'));
    expect(both.embedder('groq').model).toBe('gemini:gemini-embedding-001:256');
    const groqOnly = createModelGateway({ groq: { apiKey: 'gsk' } });
    expect(groqOnly.chatModel('groq').defaultModel).toBe('llama-3.1-8b-instant');
    expect(() => groqOnly.embedder('groq')).toThrow(/embed with Gemini.*GEMINI_API_KEY/);
  });

  it('reads the runtime flat settings, treating blank keys as unset', async () => {
    const gateway = createModelGateway(
      modelGatewayConfigFrom(
        { openaiApiKey: 'sk-gateway', openaiBaseUrl: `${openai.url}/v1`, groqApiKey: ' ' },
        timings,
      ),
    );
    expect((await gateway.chatModel('openai').complete(sampleChatRequest)).text).toMatch(/14 days/);
    expect(() => gateway.chatModel('groq')).toThrow(/GROQ_API_KEY/);
  });

  it('passes default models and the shared timeouts to the adapters', async () => {
    const gateway = createModelGateway({
      ...timings,
      ollama: { baseUrl: ollama.url, chatModel: 'qwen3', embeddingModel: 'all-minilm' },
    });
    expect(gateway.chatModel('ollama').defaultModel).toBe('qwen3');
    const [vector] = await gateway.embedder('ollama').embed(['hello'], { purpose: 'query' });
    expect(vector).toHaveLength(384);
  });

  it('reports which providers are configured and reachable', async () => {
    const gateway = createModelGateway({
      ...timings,
      openai: { apiKey: 'sk-gateway', baseUrl: `${openai.url}/v1` },
      groq: { apiKey: 'gsk', baseUrl: 'http://127.0.0.1:9' },
      gemini: { apiKey: 'wrong-key', baseUrl: gemini.url },
      ollama: { baseUrl: ollama.url },
      local,
    });
    const health = await gateway.health();
    const byProvider = Object.fromEntries(health.map((entry) => [entry.provider, entry]));
    expect(byProvider.local).toMatchObject({ configured: true, reachable: true });
    expect(byProvider.openai).toMatchObject({ configured: true, reachable: true });
    expect(byProvider.groq).toMatchObject({
      configured: true,
      reachable: false,
      detail: 'Groq cannot be reached',
    });
    expect(byProvider.gemini).toMatchObject({ configured: true, reachable: false });
    expect(byProvider.gemini?.detail).toMatch(/API key/);
    expect(byProvider.gemini?.detail).not.toContain('wrong-key');
    expect(byProvider.ollama).toMatchObject({ configured: true, reachable: true });
    expect(health.map((entry) => entry.provider)).toEqual(['local', 'openai', 'groq', 'gemini', 'ollama']);
  });

  it('reports a provider that does not answer in time as unreachable, quickly', async () => {
    openai.delayMs = 3_000;
    const gateway = createModelGateway({
      ...timings,
      openai: { apiKey: 'sk-gateway', baseUrl: `${openai.url}/v1` },
    });
    const started = performance.now();
    const health = await gateway.health();
    openai.reset();
    expect(health.find((entry) => entry.provider === 'openai')).toMatchObject({ reachable: false });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
