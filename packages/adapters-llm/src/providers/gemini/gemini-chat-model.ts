import type {
  ChatCallOptions,
  ChatCompletion,
  ChatModel,
  ChatRequest,
  ChatStreamEvent,
} from '@chatbuddy/core';
import type { GenerateContentConfig, GoogleGenAI } from '@google/genai';
import type { HostedProviderOptions } from '../shared/hosted-options.js';
import { ProviderCaller } from '../shared/provider-caller.js';
import { createGeminiClient, geminiCompletion, geminiParts, geminiPrompt } from './gemini-client.js';

export interface GeminiChatModelOptions extends HostedProviderOptions {
  /** Chat model used when a request names none (default `gemini-2.5-flash`). */
  model?: string;
}

/** `ChatModel` on the Gemini API: `generateContent`, and `streamGenerateContent?alt=sse`. */
export class GeminiChatModel implements ChatModel {
  readonly provider = 'gemini';
  readonly defaultModel: string;
  private readonly caller: ProviderCaller;
  private readonly client: GoogleGenAI;

  constructor(options: GeminiChatModelOptions) {
    this.defaultModel = options.model ?? 'gemini-2.5-flash';
    this.caller = new ProviderCaller('Gemini', options);
    this.client = createGeminiClient(options);
  }

  /** One completion; see `ChatModel.complete`. */
  complete(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatCompletion> {
    const model = request.model ?? this.defaultModel;
    return this.caller.call(async (signal) => {
      const { contents, config } = this.parameters(request, signal);
      return geminiCompletion(await this.client.models.generateContent({ model, contents, config }), model);
    }, options.signal);
  }

  /** Streams tokens over SSE; see `ChatModel.stream`. */
  stream(request: ChatRequest, options: ChatCallOptions = {}): AsyncIterable<ChatStreamEvent> {
    const model = request.model ?? this.defaultModel;
    return this.caller.streamCompletion(
      async (signal) => {
        const { contents, config } = this.parameters(request, signal);
        return geminiParts(await this.client.models.generateContentStream({ model, contents, config }));
      },
      model,
      options.signal,
    );
  }

  /** Reads the default model's metadata: proves the key, the endpoint and the model name. */
  async checkHealth(timeoutMs: number): Promise<void> {
    await this.caller.call(
      (signal) => this.client.models.get({ model: this.defaultModel, config: { abortSignal: signal } }),
      undefined,
      { timeoutMs, maxAttempts: 1 },
    );
  }

  private parameters(request: ChatRequest, signal: AbortSignal) {
    const { contents, systemInstruction } = geminiPrompt(request.messages);
    const config: GenerateContentConfig = {
      abortSignal: signal,
      ...(systemInstruction ? { systemInstruction } : {}),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
    };
    return { contents, config };
  }
}
