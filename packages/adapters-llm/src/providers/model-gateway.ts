import {
  DomainError,
  type ModelGateway,
  type ModelProvider,
  modelProviders,
  type ProviderHealth,
  isDomainError,
} from '@chatbuddy/core';
import { hostedProviders, type ModelGatewayConfig, settingNames } from './hosted-providers.js';

export {
  type FlatProviderSettings,
  type ModelGatewayConfig,
  modelGatewayConfigFrom,
} from './hosted-providers.js';

function notConfigured(provider: ModelProvider, message?: string): DomainError {
  const setting = (settingNames as Record<string, string | undefined>)[provider];
  if (provider !== 'local' && !setting) {
    return new DomainError('provider_unavailable', `Unknown model provider "${String(provider)}"`, {
      details: { provider },
    });
  }
  const hint = setting ? `set ${setting} to enable it` : 'the local provider was not set up';
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

    embedder(provider, indexedWith) {
      if (provider === 'local') {
        if (!config.local) throw notConfigured('local');
        const earlier = indexedWith
          ? config.local.embedders?.find((embedder) => embedder.model === indexedWith)
          : undefined;
        return earlier ?? config.local.embedder;
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
            return { provider, configured: true, reachable: true, circuit: hosted.circuit.status() };
          } catch (error) {
            const detail = isDomainError(error) ? error.message : 'unreachable';
            return { provider, configured: true, reachable: false, detail, circuit: hosted.circuit.status() };
          }
        }),
      );
    },
  };
}
