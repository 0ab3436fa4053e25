import {
  type ChatModel,
  DomainError,
  type Embedder,
  type ModelGateway,
  type ModelProvider,
  modelProviders,
  type ProviderHealth,
  isDomainError,
} from '@chatbuddy/core';
import { GeminiChatModel } from './gemini/gemini-chat-model.js';
import { GeminiEmbedder } from './gemini/gemini-embedder.js';
import { GroqChatModel } from './groq/groq-chat-model.js';
import { OllamaChatModel } from './ollama/ollama-chat-model.js';
import { OllamaEmbedder } from './ollama/ollama-embedder.js';
import { OpenAiChatModel } from './openai/openai-chat-model.js';
import { OpenAiEmbedder } from './openai/openai-embedder.js';
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
  local?: { chat: ChatModel; embedder: Embedder };
  /** Timeout of each provider's reachability check (default 3 s). */
  healthTimeoutMs?: number;
}

interface HostedProvider {
  chat: ChatModel & { checkHealth(timeoutMs: number): Promise<void> };
  embedder?: Embedder;
}

const settingNames: Record<Exclude<ModelProvider, 'local'>, string> = {
  openai: 'OPENAI_API_KEY',
  groq: 'GROQ_API_KEY',
  gemini: 'GEMINI_API_KEY',
  ollama: 'OLLAMA_BASE_URL',
};

const present = (value: string | undefined): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** Builds the adapters of every configured provider (bad settings fail here, at start-up). */
function hostedProviders(config: ModelGatewayConfig): Map<ModelProvider, HostedProvider> {
  const calls: ProviderCallOptions = { timeoutMs: config.timeoutMs, retry: config.retry };
  const providers = new Map<ModelProvider, HostedProvider>();
  const { openai, groq, gemini, ollama } = config;
  if (openai && present(openai.apiKey)) {
    const common = { ...calls, apiKey: openai.apiKey, baseUrl: openai.baseUrl };
    providers.set('openai', {
      chat: new OpenAiChatModel({ ...common, model: openai.chatModel }),
      embedder: new OpenAiEmbedder({
        ...common,
        model: openai.embeddingModel,
        dimensions: openai.embeddingDimensions,
      }),
    });
  }
  if (groq && present(groq.apiKey)) {
    providers.set('groq', {
      chat: new GroqChatModel({
        ...calls,
        apiKey: groq.apiKey,
        baseUrl: groq.baseUrl,
        model: groq.chatModel,
      }),
    });
  }
  if (gemini && present(gemini.apiKey)) {
    const common = { ...calls, apiKey: gemini.apiKey, baseUrl: gemini.baseUrl };
    providers.set('gemini', {
      chat: new GeminiChatModel({ ...common, model: gemini.chatModel }),
      embedder: new GeminiEmbedder({
        ...common,
        model: gemini.embeddingModel,
        dimensions: gemini.embeddingDimensions,
      }),
    });
  }
  if (ollama && present(ollama.baseUrl)) {
    const common = { ...calls, baseUrl: ollama.baseUrl, headers: ollama.headers };
    providers.set('ollama', {
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

function notConfigured(provider: ModelProvider, message?: string): DomainError {
  const hint =
    provider === 'local' ? 'the local provider was not set up' : `set ${settingNames[provider]} to enable it`;
  return new DomainError(
    'provider_unavailable',
    message ?? `The ${provider} provider is not configured; ${hint}`,
    {
      details: { provider },
    },
  );
}

/** `ModelGateway` over the configured hosted providers and the offline `local` provider. */
export function createModelGateway(config: ModelGatewayConfig): ModelGateway {
  const providers = hostedProviders(config);
  const healthTimeoutMs = config.healthTimeoutMs ?? 3_000;

  return {
    chatModel(provider) {
      if (provider === 'local') {
        if (!config.local) throw notConfigured('local');
        return config.local.chat;
      }
      const hosted = providers.get(provider);
      if (!hosted) throw notConfigured(provider);
      return hosted.chat;
    },

    embedder(provider) {
      if (provider === 'local') {
        if (!config.local) throw notConfigured('local');
        return config.local.embedder;
      }
      // Spec §4: Groq has no embeddings, so Groq projects embed with Gemini.
      const source = provider === 'groq' ? 'gemini' : provider;
      const embedder = providers.get(source)?.embedder;
      if (embedder) return embedder;
      throw provider === 'groq'
        ? notConfigured(
            'groq',
            'Groq projects embed with Gemini, which is not configured; set GEMINI_API_KEY',
          )
        : notConfigured(provider);
    },

    async health() {
      return Promise.all(
        modelProviders.map(async (provider): Promise<ProviderHealth> => {
          if (provider === 'local') {
            const configured = config.local !== undefined;
            return { provider, configured, reachable: configured ? true : null };
          }
          const hosted = providers.get(provider);
          if (!hosted)
            return {
              provider,
              configured: false,
              reachable: null,
              detail: `${settingNames[provider]} is not set`,
            };
          try {
            await hosted.chat.checkHealth(healthTimeoutMs);
            return { provider, configured: true, reachable: true };
          } catch (error) {
            const detail = isDomainError(error) ? error.message : 'unreachable';
            return { provider, configured: true, reachable: false, detail };
          }
        }),
      );
    },
  };
}
