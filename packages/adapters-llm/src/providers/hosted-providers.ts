import type { ChatModel, Embedder, ModelProvider } from '@chatbuddy/core';
import { GeminiChatModel } from './gemini/gemini-chat-model.js';
import { GeminiEmbedder } from './gemini/gemini-embedder.js';
import { GroqChatModel } from './groq/groq-chat-model.js';
import { OllamaChatModel } from './ollama/ollama-chat-model.js';
import { OllamaEmbedder } from './ollama/ollama-embedder.js';
import { OpenAiChatModel } from './openai/openai-chat-model.js';
import { OpenAiEmbedder } from './openai/openai-embedder.js';
import { CircuitBreaker, type CircuitOptions } from './shared/circuit-breaker.js';
import type { ProviderCallOptions } from './shared/provider-caller.js';

interface HostedSettings {
  /** The provider counts as configured when this is set. */
  apiKey?: string;
  baseUrl?: string;
  /** Default chat model of projects that name none. */
  chatModel?: string;
}

interface EmbeddingSettings {
  embeddingModel?: string;
  embeddingDimensions?: number;
}

/** Providers, keys and defaults (from OPENAI_API_KEY, GROQ_API_KEY, GEMINI_API_KEY, OLLAMA_BASE_URL …). */
export interface ModelGatewayConfig extends ProviderCallOptions {
  openai?: HostedSettings & EmbeddingSettings;
  groq?: HostedSettings;
  gemini?: HostedSettings & EmbeddingSettings;
  /** Configured when `baseUrl` is set. */
  ollama?: Omit<HostedSettings, 'apiKey'> & EmbeddingSettings & { headers?: Record<string, string> };
  /** The offline provider, built elsewhere and passed in. */
  /** `embedders`: earlier versions still offered to projects indexed with them. */
  local?: { chat: ChatModel; embedder: Embedder; embedders?: readonly Embedder[] };
  /** Timeout of each provider's reachability check (default 3 s). */
  healthTimeoutMs?: number;
  /** When a provider's circuit breaker opens and for how long (one breaker per provider). */
  circuitBreaker?: CircuitOptions;
  /** Time source of the circuit breakers (tests). */
  now?: () => number;
}

export interface HostedProvider {
  chat: ChatModel & { checkHealth(timeoutMs: number): Promise<void> };
  embedder?: Embedder;
  /** Shared by the provider's chat model and embedder: an outage seen by one pauses both. */
  circuit: CircuitBreaker;
}

/** The setting that enables each hosted provider, for messages. */
export const settingNames: Record<Exclude<ModelProvider, 'local'>, string> = {
  openai: 'OPENAI_API_KEY',
  groq: 'GROQ_API_KEY',
  gemini: 'GEMINI_API_KEY',
  ollama: 'OLLAMA_BASE_URL',
};

const present = (value: string | undefined): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** Builds the adapters of every configured provider (bad settings fail here, at start-up). */
export function hostedProviders(config: ModelGatewayConfig): Map<ModelProvider, HostedProvider> {
  const providers = new Map<ModelProvider, HostedProvider>();
  const callsOf = (name: string) => {
    const circuit = new CircuitBreaker(name, config.circuitBreaker, config.now);
    const calls: ProviderCallOptions = { timeoutMs: config.timeoutMs, retry: config.retry, circuit };
    return { circuit, calls };
  };
  const { openai, groq, gemini, ollama } = config;
  if (openai && present(openai.apiKey)) {
    const { circuit, calls } = callsOf('OpenAI');
    const common = { ...calls, apiKey: openai.apiKey, baseUrl: openai.baseUrl };
    providers.set('openai', {
      circuit,
      chat: new OpenAiChatModel({ ...common, model: openai.chatModel }),
      embedder: new OpenAiEmbedder({
        ...common,
        model: openai.embeddingModel,
        dimensions: openai.embeddingDimensions,
      }),
    });
  }
  if (groq && present(groq.apiKey)) {
    const { circuit, calls } = callsOf('Groq');
    providers.set('groq', {
      circuit,
      chat: new GroqChatModel({
        ...calls,
        apiKey: groq.apiKey,
        baseUrl: groq.baseUrl,
        model: groq.chatModel,
      }),
    });
  }
  if (gemini && present(gemini.apiKey)) {
    const { circuit, calls } = callsOf('Gemini');
    const common = { ...calls, apiKey: gemini.apiKey, baseUrl: gemini.baseUrl };
    providers.set('gemini', {
      circuit,
      chat: new GeminiChatModel({ ...common, model: gemini.chatModel }),
      embedder: new GeminiEmbedder({
        ...common,
        model: gemini.embeddingModel,
        dimensions: gemini.embeddingDimensions,
      }),
    });
  }
  if (ollama && present(ollama.baseUrl)) {
    const { circuit, calls } = callsOf('Ollama');
    const common = { ...calls, baseUrl: ollama.baseUrl, headers: ollama.headers };
    providers.set('ollama', {
      circuit,
      chat: new OllamaChatModel({ ...common, model: ollama.chatModel }),
      embedder: new OllamaEmbedder({
        ...common,
        model: ollama.embeddingModel,
        dimensions: ollama.embeddingDimensions,
      }),
    });
  }
  return providers;
}

/** The flat provider settings of the runtime configuration (OPENAI_API_KEY … OLLAMA_BASE_URL). */
export interface FlatProviderSettings {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  groqApiKey?: string;
  groqBaseUrl?: string;
  geminiApiKey?: string;
  geminiBaseUrl?: string;
  ollamaBaseUrl?: string;
}

/** Maps the runtime's flat settings onto the gateway's per-provider configuration. */
export function modelGatewayConfigFrom(
  settings: FlatProviderSettings,
  extra: Omit<ModelGatewayConfig, 'openai' | 'groq' | 'gemini' | 'ollama'> = {},
): ModelGatewayConfig {
  return {
    ...extra,
    openai: { apiKey: settings.openaiApiKey, baseUrl: settings.openaiBaseUrl },
    groq: { apiKey: settings.groqApiKey, baseUrl: settings.groqBaseUrl },
    gemini: { apiKey: settings.geminiApiKey, baseUrl: settings.geminiBaseUrl },
    ollama: { baseUrl: settings.ollamaBaseUrl },
  };
}
