import type {
  ChatCallOptions,
  ChatCompletion,
  ChatModel,
  ChatRequest,
  ChatStreamEvent,
} from '@chatbuddy/core';
import type { ChatResponse, Ollama } from 'ollama';
import { trackedFetch } from '../shared/attempt.js';
import { finishReasonOf, tokenUsage } from '../shared/chat-shapes.js';
import type { ChatStreamPart, ProviderCallOptions } from '../shared/provider-caller.js';
import { ProviderCaller } from '../shared/provider-caller.js';
import { providerSdk } from '../shared/provider-sdk.js';

export interface OllamaOptions extends ProviderCallOptions {
  /** Ollama server, e.g. `http://127.0.0.1:11434` (OLLAMA_BASE_URL). */
  baseUrl: string;
  /** Extra headers, e.g. an `Authorization` for a protected Ollama. */
  headers?: Record<string, string>;
}

export interface OllamaChatModelOptions extends OllamaOptions {
  /** Chat model used when a request names none (default `llama3.2`). */
  model?: string;
}

/**
 * The Ollama SDK client. The SDK takes no per-request signal (only `abort()` of every stream at
 * once), so cancellation and timeouts reach the socket through our fetch.
 */
export function createOllamaClient(options: OllamaOptions): Ollama {
  const { Ollama: Client } = providerSdk<typeof import('ollama')>('ollama');
  return new Client({ host: options.baseUrl, fetch: trackedFetch, headers: options.headers ?? {} });
}

function completionOf(response: ChatResponse, requestedModel: string): ChatCompletion {
  if (!response.message) throw new Error('response without message');
  return {
    text: response.message.content ?? '',
    model: response.model || requestedModel,
    usage: tokenUsage(response.prompt_eval_count, response.eval_count),
    finishReason: finishReasonOf(response.done_reason),
  };
}

async function* partsOf(chunks: AsyncIterable<ChatResponse>): AsyncIterable<ChatStreamPart> {
  for await (const chunk of chunks) {
    yield {
      text: chunk.message?.content,
      model: chunk.model || undefined,
      ...(chunk.done
        ? {
            usage: tokenUsage(chunk.prompt_eval_count, chunk.eval_count),
            finishReason: finishReasonOf(chunk.done_reason),
          }
        : {}),
    };
  }
}

/** `ChatModel` on Ollama `/api/chat` (JSON, or NDJSON when streaming). */
export class OllamaChatModel implements ChatModel {
  readonly provider = 'ollama';
  readonly defaultModel: string;
  private readonly caller: ProviderCaller;
  private readonly client: Ollama;

  constructor(options: OllamaChatModelOptions) {
    this.defaultModel = options.model ?? 'llama3.2';
    this.caller = new ProviderCaller('Ollama', options);
    this.client = createOllamaClient(options);
  }

  /** One completion; see `ChatModel.complete`. */
  complete(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatCompletion> {
    const body = this.body(request);
    return this.caller.call(
      async () => completionOf(await this.client.chat({ ...body, stream: false }), body.model),
      options.signal,
    );
  }

  /** Streams tokens from NDJSON lines; see `ChatModel.stream`. */
  stream(request: ChatRequest, options: ChatCallOptions = {}): AsyncIterable<ChatStreamEvent> {
    const body = this.body(request);
    return this.caller.streamCompletion(
      async () => partsOf(await this.client.chat({ ...body, stream: true })),
      body.model,
      options.signal,
    );
  }

  /** Asks the server for its version: proves it answers (models are checked on first use). */
  async checkHealth(timeoutMs: number): Promise<void> {
    await this.caller.call(() => this.client.version(), undefined, { timeoutMs, maxAttempts: 1 });
  }

  private body(request: ChatRequest) {
    return {
      model: request.model ?? this.defaultModel,
      messages: request.messages.map((turn) => ({ role: turn.role, content: turn.content })),
      options: {
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.maxOutputTokens === undefined ? {} : { num_predict: request.maxOutputTokens }),
      },
    };
  }
}
