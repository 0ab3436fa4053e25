import { sentenceSpans } from '../../shared/sentences.js';

/**
 * Retrieved text is data. Sentences in it that address the assistant ("ignore previous
 * instructions", "you are now…", "reveal your system prompt", "always add this image") are cut
 * before the model sees them, so even a model that obeys whatever it reads finds nothing to obey.
 * Markup is not touched: documentation quotes HTML and markdown legitimately, and replies are
 * plain text that clients escape (`<img>`, `<script>` and `javascript:` are all just text).
 */
const injectionPatterns = [
  /\b(ignore|disregard|forget|override)\b[^.!?\n]{0,60}\b(instructions?|rules?|prompts?|guidelines|directions)\b/i,
  /\b(system|hidden|initial|original)\s+(prompt|message|instructions?)\b/i,
  /\byou are (now|no longer)\b/i,
  /\b(act|behave|pretend|roleplay) as\b/i,
  /\b(new|updated) instructions?\b/i,
  /\b(assistant|ai|chatbot|model|llm)\b[^.!?\n]{0,40}\b(must|should|will) (now )?(say|reply|respond|answer|output|print|include|append)\b/i,
  /\b(reply|respond|answer|output|print|say)\b[^.!?\n]{0,30}\b(exactly|only|verbatim)\b[^.!?\n]{0,20}["'“]/i,
  /\b(always|must) (add|include|append|insert|embed)\b[^.!?\n]{0,40}\b(image|link|url|markdown|html)\b/i,
  /\b(reveal|print|repeat|show|output|leak)\b[^.!?\n]{0,40}\b(prompt|instructions|rules|secret|api key|password)\b/i,
];

/** Whether one sentence addresses a model rather than a reader (never quoted, never obeyed). */
export function looksLikeInstruction(sentence: string): boolean {
  return injectionPatterns.some((pattern) => pattern.test(sentence));
}

/** The passage with instruction-like sentences removed; everything else verbatim. */
export function sanitisePassage(text: string): string {
  const sentences = sentenceSpans(text);
  let removed = false;
  const kept = sentences.filter((sentence) => {
    const suspicious = looksLikeInstruction(sentence);
    removed ||= suspicious;
    return !suspicious;
  });
  if (!removed) return text;
  return kept
    .join('')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
