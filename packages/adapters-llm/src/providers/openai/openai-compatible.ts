import type { ChatCompletion, ChatRequest } from '@chatbuddy/core';
import { finishReasonOf, tokenUsage } from '../shared/chat-shapes.js';
import type { ChatStreamPart } from '../shared/provider-caller.js';

/**
 * The chat-completions wire shapes OpenAI and Groq share, typed structurally so both SDKs' types
 * fit without one adapter importing the other's SDK.
 */
interface CompatibleUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

interface CompatibleChoice {
  message?: { content?: string | null } | null;
  delta?: { content?: string | null } | null;
  finish_reason?: string | null;
}

export interface CompatibleResponse {
  model?: string;
  choices?: CompatibleChoice[];
  usage?: CompatibleUsage | null;
  /** Groq reports stream usage here, in the last chunk (elsewhere it holds other counters). */
  x_groq?: { usage?: unknown } | null;
}

/** The request body both providers accept, without the `stream` flag. */
export function compatibleBody(request: ChatRequest, defaultModel: string) {
  return {
    model: request.model ?? defaultModel,
    messages: request.messages.map((turn) => ({ role: turn.role, content: turn.content })),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.maxOutputTokens === undefined ? {} : { max_completion_tokens: request.maxOutputTokens }),
  };
}

/** A non-streamed response as the port's completion; a response without choices is unreadable. */
export function compatibleCompletion(response: CompatibleResponse, requestedModel: string): ChatCompletion {
  const choice = response.choices?.[0];
  if (!choice) throw new Error('response without choices');
  const usage = response.usage;
  return {
    text: choice.message?.content ?? '',
    model: response.model || requestedModel,
    usage: usage ? tokenUsage(usage.prompt_tokens, usage.completion_tokens) : null,
    finishReason: finishReasonOf(choice.finish_reason),
  };
}

/** Stream chunks as normalised parts (usage arrives in a last chunk without choices). */
export async function* compatibleParts(
  chunks: AsyncIterable<CompatibleResponse>,
): AsyncIterable<ChatStreamPart> {
  for await (const chunk of chunks) {
    const choice = chunk.choices?.[0];
    const usage = chunk.usage ?? groqStreamUsage(chunk.x_groq?.usage);
    yield {
      text: choice?.delta?.content ?? undefined,
      model: chunk.model || undefined,
      usage: usage ? tokenUsage(usage.prompt_tokens, usage.completion_tokens) : undefined,
      finishReason: choice?.finish_reason ? finishReasonOf(choice.finish_reason) : undefined,
    };
  }
}

function groqStreamUsage(value: unknown): CompatibleUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = value as CompatibleUsage;
  return typeof usage.prompt_tokens === 'number' || typeof usage.completion_tokens === 'number'
    ? usage
    : undefined;
}
