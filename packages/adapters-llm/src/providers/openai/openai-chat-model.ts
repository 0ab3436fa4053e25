import type {
  ChatCallOptions,
  ChatCompletion,
  ChatModel,
  ChatRequest,
  ChatStreamEvent,
} from '@chatbuddy/core';
import type OpenAI from 'openai';
import { trackedFetch } from '../shared/attempt.js';
import { type HostedProviderOptions, sdkTimeoutMs } from '../shared/hosted-options.js';
import { ProviderCaller } from '../shared/provider-caller.js';
import { providerSdk } from '../shared/provider-sdk.js';
import { compatibleBody, compatibleCompletion, compatibleParts } from './openai-compatible.js';

export interface OpenAiChatModelOptions extends HostedProviderOptions {
  /** Chat model used when a request names none (default `gpt-4o-mini`). */
  model?: string;
}

/** Creates the OpenAI SDK client the adapters share: our fetch, our timeouts, no SDK retries. */
export function createOpenAiClient(options: HostedProviderOptions, caller: ProviderCaller): OpenAI {
  const { OpenAI: Client } = providerSdk<typeof import('openai')>('openai');
  return new Client({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: sdkTimeoutMs(caller.timeoutMs),
    fetch: trackedFetch,
  });
}

/** `ChatModel` on OpenAI chat completions (JSON, or SSE with a final usage chunk). */
export class OpenAiChatModel implements ChatModel {
  readonly provider = 'openai';
  readonly defaultModel: string;
  private readonly caller: ProviderCaller;
  private readonly client: OpenAI;

  constructor(options: OpenAiChatModelOptions) {
    this.defaultModel = options.model ?? 'gpt-4o-mini';
    this.caller = new ProviderCaller('OpenAI', options);
    this.client = createOpenAiClient(options, this.caller);
  }

  /** One completion; see `ChatModel.complete`. */
  complete(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatCompletion> {
    const body = compatibleBody(request, this.defaultModel);
    return this.caller.call(async (signal) => {
      const response = await this.client.chat.completions.create({ ...body, stream: false }, { signal });
      return compatibleCompletion(response, body.model);
    }, options.signal);
  }

  /** Streams tokens over SSE, asking for the usage chunk OpenAI only sends on request. */
  stream(request: ChatRequest, options: ChatCallOptions = {}): AsyncIterable<ChatStreamEvent> {
    const body = compatibleBody(request, this.defaultModel);
    return this.caller.streamCompletion(
      async (signal) =>
        compatibleParts(
          await this.client.chat.completions.create(
            { ...body, stream: true, stream_options: { include_usage: true } },
            { signal },
          ),
        ),
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
