import type { ChatModel } from '../ports/chat-model.port.js';
import type { Embedder } from '../ports/embedder.port.js';
import type { ModelGateway, ProviderHealth } from '../ports/model-gateway.port.js';
import type { ModelProvider } from '../projects/project.js';
import { DomainError } from '../shared/domain-error.js';
import { FakeChatModel } from './fake-chat-model.js';
import { FakeEmbedder } from './fake-embedder.js';

/**
 * Every provider answers with the same fake model and embedder, except those in `unconfigured`
 * (a test may add to it), which are refused as a server without their settings refuses them.
 */
export class FakeModelGateway implements ModelGateway {
  constructor(
    readonly chat: FakeChatModel = new FakeChatModel(),
    readonly embedding: FakeEmbedder = new FakeEmbedder(),
    readonly unconfigured = new Set<ModelProvider>(),
  ) {}

  chatModel(provider: ModelProvider): ChatModel {
    this.assertConfigured(provider);
    return this.chat;
  }

  embedder(provider: ModelProvider, _indexedWith?: string | null): Embedder {
    this.assertConfigured(provider);
    return this.embedding;
  }

  private assertConfigured(provider: ModelProvider): void {
    if (this.unconfigured.has(provider))
      throw new DomainError('provider_unavailable', `The ${provider} provider is not configured`, {
        details: { provider },
      });
  }

  async health(): Promise<ProviderHealth[]> {
    return [{ provider: 'local', configured: true, reachable: true }];
  }
}
