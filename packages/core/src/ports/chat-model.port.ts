import type { TokenUsage } from '../assistant/index.js';

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A retrieved passage as the model sees it. */
export interface ContextPassage {
  /** Label used for citations in the prompt, e.g. `S1`. */
  label: string;
  title: string;
  /** Headings above the passage in its document, outermost first (`['koa', 'Router']`). */
  headingPath?: readonly string[];
  text: string;
  score: number;
}

export interface ChatRequest {
  /** The full prompt for generative models: system rules, context, history, question. */
  messages: ChatTurn[];
  /** The bare question and passages, for models that answer without a prompt (extractive). */
  question: string;
  context: ContextPassage[];
  model?: string;
  temperature?: number;
  maxOutputTokens?: number;
}

export interface ChatCompletion {
  text: string;
  model: string;
  /** Provider-reported usage; null when the provider reports none (the caller estimates). */
  usage: TokenUsage | null;
  finishReason: 'stop' | 'length' | 'content_filter' | 'other';
}

export type ChatStreamEvent = { type: 'token'; text: string } | { type: 'done'; completion: ChatCompletion };

export interface ChatCallOptions {
  signal?: AbortSignal;
}

/** A chat model of one provider. */
export const ChatModel = Symbol.for('chatbuddy.ChatModel');
export interface ChatModel {
  readonly provider: string;
  /** Model used when a request names none. */
  readonly defaultModel: string;
  /**
   * One completion.
   * @throws DomainError `provider_error` (502), `provider_unavailable` (503), `provider_timeout` (504).
   */
  complete(request: ChatRequest, options?: ChatCallOptions): Promise<ChatCompletion>;
  /** The same completion as a stream of tokens ending with `done`. Aborting the signal cancels it. */
  stream(request: ChatRequest, options?: ChatCallOptions): AsyncIterable<ChatStreamEvent>;
}
