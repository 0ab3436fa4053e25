import type { ConversationId, MessageId } from '../shared/common.js';

/**
 * The grouping key of a question: lower-case, every run of characters other than letters and
 * digits turned into one space, trimmed. "Refund policy?" and "  refund   POLICY" share a key.
 * The SQL adapters compute the same key in the database (`chatbuddy_question_key`, with
 * `regexp_replace(lower(…), '[^[:alnum:]]+', ' ')`); the two agree on the letters and digits of
 * common scripts, while characters of recent Unicode versions may be classified differently.
 */
export function normaliseQuestion(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** What analytics reads: the window and the length of its lists. */
export interface AnalyticsQuery {
  /** Answers, questions and ratings from this instant on. */
  since: Date;
  /** Items per list. */
  limit: number;
}

/** An unanswered question, grouped by its normalised key; links to its latest occurrence. */
export interface UnansweredQuestion {
  /** The latest phrasing asked. */
  question: string;
  count: number;
  conversationId: ConversationId;
  /** The `I don't know.` answer of the latest occurrence. */
  messageId: MessageId;
  lastAskedAt: Date;
}

/** An answer rated thumbs-down, with the question it answered. */
export interface RatedAnswer {
  question: string | null;
  answer: string;
  comment: string | null;
  conversationId: ConversationId;
  messageId: MessageId;
  ratedAt: Date;
}

/** A lead notification webhook that failed after every retry. */
export interface WebhookFailure {
  at: Date;
  event: string;
  attempts: number;
  /** HTTP status of the last attempt; null when no answer came. */
  responseStatus: number | null;
  error: string | null;
}

/** Outcomes of the lead notification webhook in the window. */
export interface LeadNotificationFacts {
  delivered: number;
  failed: number;
  /** The latest failed delivery of the window (ties broken by the larger id). */
  lastFailure: WebhookFailure | null;
}

/** Aggregates of one project, computed by the store (never by loading every message). */
export interface AnalyticsFacts {
  counts: { documents: number; chunks: number; conversations: number; messages: number; leads: number };
  /** Assistant answers in the window: answered, and `I don't know.`. */
  answers: { answered: number; unanswered: number };
  /** Ratings given in the window. */
  ratings: { up: number; down: number };
  /** Usage events of the window answered by a curated answer. */
  curatedHits: number;
  /** Most frequent first (then most recent). */
  unansweredQuestions: UnansweredQuestion[];
  /** Most recently rated first. */
  thumbsDown: RatedAnswer[];
  leadNotifications: LeadNotificationFacts;
}
