import type {
  ChatCallOptions,
  ChatCompletion,
  ChatModel,
  ChatRequest,
  ChatStreamEvent,
} from '@chatbuddy/core';
import type Groq from 'groq-sdk';
import { trackedFetch } from '../shared/attempt.js';
import { type HostedProviderOptions, sdkTimeoutMs } from '../shared/hosted-options.js';
import { ProviderCaller } from '../shared/provider-caller.js';
import { providerSdk } from '../shared/provider-sdk.js';
import { compatibleBody, compatibleCompletion, compatibleParts } from '../openai/openai-compatible.js';

export interface GroqChatModelOptions extends HostedProviderOptions {
  /** Chat model used when a request names none (default `llama-3.1-8b-instant`). */
  model?: string;
}

/**
 * `ChatModel` on Groq's OpenAI-compatible chat completions (`/openai/v1`). Groq reports stream
 * usage in the last chunk's `x_groq.usage` rather than a separate usage chunk.
 */
export class GroqChatModel implements ChatModel {
  readonly provider = 'groq';
  readonly defaultModel: string;
  private readonly caller: ProviderCaller;
  private readonly client: Groq;

  constructor(options: GroqChatModelOptions) {
    this.defaultModel = options.model ?? 'llama-3.1-8b-instant';
    this.caller = new ProviderCaller('Groq', options);
    const { Groq: Client } = providerSdk<typeof import('groq-sdk')>('groq-sdk');
    this.client = new Client({
      apiKey: options.apiKey,
      baseURL: options.baseUrl ?? 'https://api.groq.com',
      maxRetries: 0,
      timeout: sdkTimeoutMs(this.caller.timeoutMs),
      fetch: trackedFetch,
    });
  }

  /** One completion; see `ChatModel.complete`. */
  complete(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatCompletion> {
    const body = compatibleBody(request, this.defaultModel);
    return this.caller.call(async (signal) => {
      const response = await this.client.chat.completions.create({ ...body, stream: false }, { signal });
      return compatibleCompletion(response, body.model);
    }, options.signal);
  }

  /** Streams tokens over SSE; see `ChatModel.stream`. */
  stream(request: ChatRequest, options: ChatCallOptions = {}): AsyncIterable<ChatStreamEvent> {
    const body = compatibleBody(request, this.defaultModel);
    return this.caller.streamCompletion(
      async (signal) =>
        compatibleParts(await this.client.chat.completions.create({ ...body, stream: true }, { signal })),
      body.model,
      options.signal,
    );
  }

  /** A cheap authenticated call (the model list) proving the key and the endpoint work. */
  async checkHealth(timeoutMs: number): Promise<void> {
    await this.caller.call((signal) => this.client.models.list({ signal }), undefined, {
      timeoutMs,
      maxAttempts: 1,
    });
  }
}
