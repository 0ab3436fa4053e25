import {
  createModelGateway,
  englishTermWeight,
  LocalChatModel,
  LocalEmbedder,
  PooledLocalEmbedder,
  type WorkerPool,
} from '@chatbuddy/adapters-llm';
import type { ModelGateway, TokenCounter } from '@chatbuddy/core';
import { ConfigError, type ChatBuddyConfig } from './config.js';
import type { Logger } from './logger.js';

/**
 * Every provider the configuration enables; `local` is always available (offline).
 * `tokens` counts the local provider's usage with the same tokenizer the quota uses. With
 * `embeddingPool`, the local embedders embed documents in its worker threads.
 */
export function selectModels(
  config: ChatBuddyConfig,
  logger: Logger,
  tokens: TokenCounter,
  embeddingPool: WorkerPool | null = null,
): ModelGateway {
  const hosted = Boolean(
    config.openaiApiKey || config.groqApiKey || config.geminiApiKey || config.ollamaBaseUrl,
  );
  if (config.nodeEnv === 'production' && !hosted) {
    const message = 'no hosted model provider is configured: projects answer with the offline local provider';
    if (config.strictProduction)
      throw new ConfigError([{ variable: 'OPENAI_API_KEY', option: 'openaiApiKey', message }]);
    logger.warn(message);
  }
  return createModelGateway({
    circuitBreaker: {
      failureThreshold: config.providerCircuitFailures,
      openMs: config.providerCircuitOpenSeconds * 1000,
    },
    // Question words weighted by rarity in everyday English: the measured setting (docs/retrieval.md).
    local: {
      chat: new LocalChatModel({ termWeight: englishTermWeight }, tokens),
      embedder: embeddingPool ? new PooledLocalEmbedder(embeddingPool) : new LocalEmbedder(),
      // Projects indexed with version 1 keep searching with it until a reindex moves them on.
      embedders: [
        embeddingPool
          ? new PooledLocalEmbedder(embeddingPool, { version: 1 })
          : new LocalEmbedder({ version: 1 }),
      ],
    },
    ...(config.openaiApiKey
      ? { openai: { apiKey: config.openaiApiKey, baseUrl: config.openaiBaseUrl } }
      : {}),
    ...(config.groqApiKey ? { groq: { apiKey: config.groqApiKey, baseUrl: config.groqBaseUrl } } : {}),
    ...(config.geminiApiKey
      ? { gemini: { apiKey: config.geminiApiKey, baseUrl: config.geminiBaseUrl } }
      : {}),
    ...(config.ollamaBaseUrl ? { ollama: { baseUrl: config.ollamaBaseUrl } } : {}),
  });
}
