import {
  type ChatCallOptions,
  type ChatCompletion,
  type ChatModel,
  type ChatRequest,
  type ChatStreamEvent,
  DomainError,
  type TokenCounter,
} from '@chatbuddy/core';
import { extractAnswer, type ExtractiveOptions } from './extractive-answer.js';

/** Counts words and punctuation marks: close to model tokens for English, with no tokenizer. */
export class WordTokenCounter implements TokenCounter {
  count(text: string): number {
    return text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
  }
}

function cancelled(): DomainError {
  return new DomainError('provider_error', 'The model call was cancelled');
}

/**
 * The offline chat model: answers by quoting the sentences of the retrieved context that best
 * support the question (extractive), or exactly `I don't know.`. It reads `request.question` and
 * `request.context` only, so instructions inside documents cannot steer it.
 */
export class LocalChatModel implements ChatModel {
  readonly provider = 'local';
  readonly defaultModel = 'local-extractive';

  constructor(
    private readonly options: Partial<ExtractiveOptions> = {},
    private readonly tokens: TokenCounter = new WordTokenCounter(),
  ) {}

  async complete(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatCompletion> {
    if (options.signal?.aborted) throw cancelled();
    const text = extractAnswer(request.question, request.context, this.options).text;
    const promptTokens =
      this.tokens.count(request.question) +
      request.context.reduce(
        (sum, passage) => sum + this.tokens.count(`${passage.title}\n${passage.text}`),
        0,
      );
    const completionTokens = this.tokens.count(text);
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
      if (options.signal?.aborted) throw cancelled();
      yield { type: 'token', text: piece };
    }
    if (options.signal?.aborted) throw cancelled();
    yield { type: 'done', completion };
  }
}
