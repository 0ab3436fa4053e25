import type {
  ChatCallOptions,
  ChatCompletion,
  ChatModel,
  ChatRequest,
  ChatStreamEvent,
} from '../ports/chat-model.port.js';
import { DomainError } from '../shared/domain-error.js';

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
