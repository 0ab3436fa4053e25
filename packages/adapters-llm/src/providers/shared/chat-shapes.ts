import type { ChatCompletion, TokenUsage } from '@chatbuddy/core';

/** Usage whose total is always the sum of its parts (providers disagree on what "total" holds). */
export function tokenUsage(promptTokens: unknown, completionTokens: unknown): TokenUsage | null {
  if (typeof promptTokens !== 'number' && typeof completionTokens !== 'number') return null;
  const prompt = wholeTokens(promptTokens);
  const completion = wholeTokens(completionTokens);
  return { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion };
}

const wholeTokens = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;

/** Maps OpenAI-style (`stop`, `length`, …) and Ollama finish reasons onto the port's four. */
export function finishReasonOf(reason: string | null | undefined): ChatCompletion['finishReason'] {
  switch (reason) {
    case 'stop':
    case 'end_turn':
      return 'stop';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'other';
  }
}
