import type { Message } from '../conversation.js';
import { analyse } from '../retrieval/text/analysis.js';

/**
 * How a message leans on the conversation before it.
 * - `standalone`: no earlier question, or the message carries its own topic.
 * - `elliptic`: it continues the conversation ("and for Spain?", "what about refunds?", a very
 *   short message) but names what it asks about; it may still open a fresh topic.
 * - `anaphoric`: it points back at something only the conversation names ("how do I close it?",
 *   "does that include phone support?").
 */
export type Dependence = 'standalone' | 'elliptic' | 'anaphoric';

export interface FollowUp {
  dependence: Dependence;
  /** The retrieval query with the recent turns (null when standalone). */
  query: string | null;
  /** Documents the last answer was drawn from: the topic a follow-up continues. */
  topicDocuments: ReadonlySet<string>;
}

/** Openers that continue the previous turn (English, German, Spanish). */
const continuationOpeners = [
  /^(and|but|also|or|so|then|plus|now)\b/,
  /^(what|how) about\b/,
  /^what if\b/,
  /^(same|likewise)\b/,
  /^(und|aber|auch|oder|und was ist mit|was ist mit|wie ist es mit)\b/,
  /^(y|e|pero|también|o|entonces|qué pasa con|y si)\b/,
];

/**
 * Words that point back at something named earlier. "this"/"that" alone are left out: they are
 * as often determiners or conjunctions ("a plan that includes…") as pointers.
 */
const anaphors = new Set([
  'it',
  'its',
  "it's",
  'itself',
  'they',
  'them',
  'their',
  'theirs',
  'themselves',
  'these',
  'those',
  'he',
  'she',
  'him',
  'her',
  'his',
  'former',
  'latter',
  'above',
  'same',
  'previous',
  'aforementioned',
  'es',
  'sie',
  'ihn',
  'ihm',
  'ihr',
  'dessen',
  'deren',
  'dies',
  'diese',
  'dieser',
  'dieses',
  'lo',
  'la',
  'los',
  'las',
  'le',
  'les',
  'eso',
  'esto',
  'ese',
  'esa',
  'esos',
  'esas',
]);

/** Phrases that point back even without a pronoun. */
const backReferences = [
  /\b(this|that) (one|option|plan|method|feature|setting|step|package|library)\b/,
  /^(why|how|when|where)\?$/,
];

/** A message with at most this many content terms is short enough to lean on the conversation. */
const shortMessageTerms = 2;

/** Earlier questions a follow-up is retrieved with (a chain of follow-ups keeps its topic). */
const contextQuestions = 2;

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

/** Classifies how `question` depends on the conversation's recent turns. */
export function dependenceOf(question: string, hasHistory: boolean): Dependence {
  if (!hasHistory) return 'standalone';
  const text = question.trim().toLowerCase();
  if (
    words(text).some((word) => anaphors.has(word)) ||
    backReferences.some((pattern) => pattern.test(text))
  ) {
    return 'anaphoric';
  }
  if (continuationOpeners.some((pattern) => pattern.test(text))) return 'elliptic';
  if (analyse(question).length <= shortMessageTerms) return 'elliptic';
  return 'standalone';
}

/**
 * Reads what a message needs from the conversation for retrieval: its dependence, the query with
 * the last questions (newest last, so a chain of follow-ups keeps its topic), and the documents
 * the last answer cited.
 */
export function followUpOf(
  question: string,
  history: readonly Pick<Message, 'role' | 'content' | 'sources'>[],
): FollowUp {
  const earlier = history.filter((message) => message.role === 'user').slice(-contextQuestions);
  const dependence = dependenceOf(question, earlier.length > 0);
  const lastAnswer = [...history].reverse().find((message) => message.role === 'assistant');
  const topicDocuments = new Set<string>();
  for (const source of lastAnswer?.sources ?? [])
    if (source.documentId) topicDocuments.add(source.documentId);
  if (dependence === 'standalone') return { dependence, query: null, topicDocuments };
  // Only the newest question when it already stood on its own; the chain when it leaned back too.
  const previous = earlier.at(-1)!;
  const chain =
    earlier.length > 1 && dependenceOf(previous.content, true) !== 'standalone' ? earlier : [previous];
  return {
    dependence,
    query: [...chain.map((message) => message.content), question].join('\n'),
    topicDocuments,
  };
}

/** Weighted share of `terms` found in a passage's text and heading path (0..1). */
export function termCoverage(terms: readonly string[], text: string): number {
  if (terms.length === 0) return 0;
  const present = new Set(analyse(text));
  return terms.filter((term) => present.has(term)).length / terms.length;
}
