import type { ChatModel } from '../ports/chat-model.port.js';
import type { Embedder } from '../ports/embedder.port.js';
import type { ModelGateway, ProviderHealth } from '../ports/model-gateway.port.js';
import type { ModelProvider } from '../projects/project.js';
import { FakeChatModel } from './fake-chat-model.js';
import { FakeEmbedder } from './fake-embedder.js';

/** Every provider answers with the same fake model and embedder. */
export class FakeModelGateway implements ModelGateway {
  constructor(
    readonly chat: FakeChatModel = new FakeChatModel(),
    readonly embedding: FakeEmbedder = new FakeEmbedder(),
  ) {}

  chatModel(_provider: ModelProvider): ChatModel {
    return this.chat;
  }

  embedder(_provider: ModelProvider, _indexedWith?: string | null): Embedder {
    return this.embedding;
  }

  async health(): Promise<ProviderHealth[]> {
    return [{ provider: 'local', configured: true, reachable: true }];
  }
}
