import type { ChatCompletion, ChatTurn } from '@chatbuddy/core';
import type { Content, GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { trackedFetch } from '../shared/attempt.js';
import { tokenUsage } from '../shared/chat-shapes.js';
import type { HostedProviderOptions } from '../shared/hosted-options.js';
import type { ChatStreamPart } from '../shared/provider-caller.js';
import { providerSdk } from '../shared/provider-sdk.js';

/**
 * The Gemini SDK client the adapters share. Retries stay off (the SDK would retry five times
 * when `retryOptions` is set) and the SDK gets our fetch: its errors carry no headers, so
 * `Retry-After` is only visible there.
 */
export function createGeminiClient(options: HostedProviderOptions): GoogleGenAI {
  const { GoogleGenAI: Client } = providerSdk<typeof import('@google/genai')>('@google/genai');
  return new Client({
    apiKey: options.apiKey,
    vertexai: false,
    apiVersion: 'v1beta',
    httpOptions: { ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}), fetch: trackedFetch },
  });
}

/** System turns become the system instruction; the assistant speaks as `model`. */
export function geminiPrompt(messages: readonly ChatTurn[]): {
  contents: Content[];
  systemInstruction?: string;
} {
  const system = messages.filter((turn) => turn.role === 'system').map((turn) => turn.content);
  const contents = messages
    .filter((turn) => turn.role !== 'system')
    .map((turn) => ({ role: turn.role === 'assistant' ? 'model' : 'user', parts: [{ text: turn.content }] }));
  return system.length > 0 ? { contents, systemInstruction: system.join('\n\n') } : { contents };
}

/** Visible text of the first candidate (thought summaries are not part of the answer). */
function textOf(response: GenerateContentResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts
    .filter((part) => !part.thought && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}

function finishReasonOf(response: GenerateContentResponse): ChatCompletion['finishReason'] | undefined {
  const reason = response.candidates?.[0]?.finishReason;
  if (!reason) return response.promptFeedback?.blockReason ? 'content_filter' : undefined;
  if (reason === 'STOP') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  const filtered = ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII'];
  return filtered.includes(reason) ? 'content_filter' : 'other';
}

/** Thinking tokens are billed as output, so they count as completion tokens. */
function usageOf(response: GenerateContentResponse) {
  const usage = response.usageMetadata;
  if (!usage) return undefined;
  return tokenUsage(
    usage.promptTokenCount,
    (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
  );
}

/** A `generateContent` response as the port's completion. */
export function geminiCompletion(response: GenerateContentResponse, requestedModel: string): ChatCompletion {
  if (!response.candidates && !response.promptFeedback) throw new Error('response without candidates');
  return {
    text: textOf(response),
    model: response.modelVersion || requestedModel,
    usage: usageOf(response) ?? null,
    finishReason: finishReasonOf(response) ?? 'other',
  };
}

/** `streamGenerateContent` chunks as parts; usage metadata is cumulative, so the last one wins. */
export async function* geminiParts(
  chunks: AsyncIterable<GenerateContentResponse>,
): AsyncIterable<ChatStreamPart> {
  for await (const chunk of chunks) {
    yield {
      text: textOf(chunk),
      model: chunk.modelVersion || undefined,
      usage: usageOf(chunk),
      finishReason: finishReasonOf(chunk),
    };
  }
}
