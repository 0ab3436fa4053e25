import type { ModelProvider } from '../projects/index.js';
import type { ChatModel } from './chat-model.port.js';
import type { Embedder } from './embedder.port.js';

export interface ProviderHealth {
  provider: ModelProvider;
  configured: boolean;
  reachable: boolean | null;
  detail?: string;
  /**
   * The provider's circuit breaker: `open` while calls fail fast after an outage, `half_open`
   * when the next call probes the provider, `closed` when calls go through.
   */
  circuit?: { state: 'closed' | 'open' | 'half_open'; consecutiveFailures: number; retryInSeconds?: number };
}

/** Chat models and embedders of every configured provider. */
export const ModelGateway = Symbol.for('chatbuddy.ModelGateway');
export interface ModelGateway {
  /**
   * The chat model of `provider`.
   * @throws DomainError `provider_unavailable` when the provider is not configured.
   */
  chatModel(provider: ModelProvider): ChatModel;
  /**
   * The embedder a project on `provider` uses (e.g. groq embeds with Gemini). With `indexedWith`
   * (the project's `embeddingModel`), the embedder of that model when the provider still offers it
   * (an earlier version of the local embedder), so existing vectors stay searchable; otherwise the
   * current one (callers then refuse a mismatch).
   */
  embedder(provider: ModelProvider, indexedWith?: string | null): Embedder;
  /** Which providers are configured and answer. */
  health(): Promise<ProviderHealth[]>;
}
