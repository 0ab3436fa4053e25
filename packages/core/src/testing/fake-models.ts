import type { ModelProvider } from '../projects/project.js';
import { DomainError } from '../shared/domain-error.js';
import type {
  ChatCallOptions,
  ChatCompletion,
  ChatModel,
  ChatRequest,
  ChatStreamEvent,
} from '../ports/chat-model.port.js';
import type { EmbedOptions, Embedder } from '../ports/embedder.port.js';
import type { ModelGateway, ProviderHealth } from '../ports/model-gateway.port.js';
import type { TokenCounter } from '../ports/token-counter.port.js';

/** About four characters a token, like English text in common tokenizers. */
export class FakeTokenCounter implements TokenCounter {
  count(text: string): number {
    return Math.ceil(text.length / 4);
  }
}

/** Deterministic hashed bag-of-words vectors: texts sharing words are close. */
export class FakeEmbedder implements Embedder {
  readonly calls: string[][] = [];
  failWith: Error | null = null;

  constructor(
    readonly model = 'fake:bow-64',
    readonly dimensions = 64,
  ) {}

  async embed(texts: readonly string[], _options: EmbedOptions): Promise<number[][]> {
    if (this.failWith) throw this.failWith;
    this.calls.push([...texts]);
    return texts.map((text) => {
      const vector = new Array<number>(this.dimensions).fill(0);
      for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        let hash = 2166136261;
        for (const char of word) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
        vector[hash % this.dimensions]! += 1;
      }
      const norm = Math.hypot(...vector) || 1;
      return vector.map((value) => value / norm);
    });
  }
}

/**
 * Records every request. Replies with `reply` (a string or a function of the request); by default
 * it quotes the first context passage, or says it does not know when there is none.
 */
export class FakeChatModel implements ChatModel {
  readonly requests: ChatRequest[] = [];
  failWith: Error | null = null;
  reply: string | ((request: ChatRequest) => string) = (request) =>
    request.context[0]?.text ?? "I don't know.";

  constructor(
    readonly provider = 'fake',
    readonly defaultModel = 'fake-model',
  ) {}

  async complete(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatCompletion> {
    this.requests.push(structuredClone(request));
    if (options.signal?.aborted) throw new DomainError('provider_error', 'The model call was cancelled');
    if (this.failWith) throw this.failWith;
    const text = typeof this.reply === 'string' ? this.reply : this.reply(request);
    const promptTokens = Math.ceil(request.messages.reduce((sum, turn) => sum + turn.content.length, 0) / 4);
    const completionTokens = Math.ceil(text.length / 4);
    return {
      text,
      model: request.model ?? this.defaultModel,
      usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
      finishReason: 'stop',
    };
  }

  async *stream(request: ChatRequest, options: ChatCallOptions = {}): AsyncIterable<ChatStreamEvent> {
    const completion = await this.complete(request, options);
    for (const piece of completion.text.match(/\S+\s*/g) ?? []) {
      if (options.signal?.aborted) throw new DomainError('provider_error', 'The model call was cancelled');
      yield { type: 'token', text: piece };
    }
    yield { type: 'done', completion };
  }
}

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
