import { splitSentences } from '../../shared/sentences.js';
import type { Message } from '../conversation.js';
import { truncateText, truncateTextStart } from '../../shared/truncate.js';

/** How much history a prompt carries. */
export interface MemoryOptions {
  /** Most recent messages included verbatim. */
  recentMessages: number;
  /** Characters of summary kept. */
  summaryChars: number;
}

export const defaultMemoryOptions: MemoryOptions = { recentMessages: 6, summaryChars: 1_200 };

/**
 * A compact, deterministic summary of older turns (no model call, so no cost and no injection
 * surface): the visitor's questions and the first sentence of each answer, newest kept when long.
 */
export function summariseTurns(
  messages: readonly Pick<Message, 'role' | 'content'>[],
  previous: string | null,
  maxChars: number,
): string {
  const lines = previous ? previous.split('\n') : [];
  for (const message of messages) {
    const firstSentence = truncateText(splitSentences(message.content)[0] ?? '', 200).trim();
    lines.push(`${message.role === 'user' ? 'Visitor asked' : 'Assistant said'}: ${firstSentence}`);
  }
  let summary = lines.join('\n');
  while (summary.length > maxChars && lines.length > 1) {
    lines.shift();
    summary = lines.join('\n');
  }
  return truncateTextStart(summary, maxChars);
}
