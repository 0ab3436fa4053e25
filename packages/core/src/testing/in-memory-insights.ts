import type { Message } from '../assistant/conversation.js';
import { type AnalyticsFacts, type AnalyticsQuery, normaliseQuestion } from '../insights/analytics.js';
import type { MessageFeedback } from '../insights/feedback.js';
import type { AnalyticsReader } from '../ports/analytics-reader.port.js';
import type { FeedbackRepository } from '../ports/feedback.repository.port.js';
import { DomainError } from '../shared/domain-error.js';
import type { InMemoryDatabase } from './in-memory-database.js';

/** Ratings kept beside the in-memory messages; a rating of a deleted message is ignored. */
export class InMemoryFeedbackRepository implements FeedbackRepository {
  readonly ratings = new Map<string, MessageFeedback>();

  constructor(private readonly db: InMemoryDatabase) {}

  async upsert(feedback: MessageFeedback): Promise<MessageFeedback> {
    const message = this.db.tables.messages.get(feedback.messageId);
    if (!message || message.projectId !== feedback.projectId || message.role !== 'assistant')
      throw new DomainError('message_not_found', 'Message not found');
    const earlier = this.ratings.get(feedback.messageId);
    const stored = { ...structuredClone(feedback), createdAt: earlier?.createdAt ?? feedback.createdAt };
    this.ratings.set(feedback.messageId, stored);
    return structuredClone(stored);
  }

  async find(projectId: string, messageId: string): Promise<MessageFeedback | null> {
    const found = this.ratings.get(messageId);
    const live = found && this.db.tables.messages.has(messageId) && found.projectId === projectId;
    return live ? structuredClone(found) : null;
  }
}

/** Analytics over the in-memory tables (leads are not kept there: always 0). */
export class InMemoryAnalyticsReader implements AnalyticsReader {
  constructor(
    private readonly db: InMemoryDatabase,
    private readonly feedback: InMemoryFeedbackRepository,
  ) {}

  async read(projectId: string, { since, limit }: AnalyticsQuery): Promise<AnalyticsFacts> {
    const { tables } = this.db;
    const own = <T extends { projectId: string }>(rows: Iterable<T>) =>
      [...rows].filter((row) => row.projectId === projectId);
    const messages = own(tables.messages.values());
    const recent = messages.filter((m) => m.role === 'assistant' && m.createdAt >= since);
    const unanswered = recent.filter((m) => m.answered === false);
    const groups = new Map<string, { question: string; count: number; latest: Message }>();
    for (const answer of unanswered) {
      const question = questionOf(messages, answer);
      if (question === null) continue;
      const key = normaliseQuestion(question.content);
      const group = groups.get(key) ?? { question: question.content, count: 0, latest: answer };
      group.count += 1;
      if (later(answer, group.latest) || group.count === 1) {
        group.latest = answer;
        group.question = question.content;
      }
      groups.set(key, group);
    }
    const ratings = [...this.feedback.ratings.values()].filter(
      (rating) => rating.projectId === projectId && tables.messages.has(rating.messageId),
    );
    const recentRatings = ratings.filter((rating) => rating.updatedAt >= since);
    return {
      counts: {
        documents: own(tables.documents.values()).length,
        chunks: own(tables.chunks.values()).length,
        conversations: own(tables.conversations.values()).length,
        messages: messages.length,
        leads: 0,
      },
      answers: { answered: recent.filter((m) => m.answered === true).length, unanswered: unanswered.length },
      ratings: {
        up: recentRatings.filter((rating) => rating.rating === 'up').length,
        down: recentRatings.filter((rating) => rating.rating === 'down').length,
      },
      curatedHits: tables.usage.filter(
        (event) => event.projectId === projectId && event.outcome === 'curated' && event.createdAt >= since,
      ).length,
      unansweredQuestions: [...groups.values()]
        .sort((a, b) => b.count - a.count || (later(a.latest, b.latest) ? -1 : 1))
        .slice(0, limit)
        .map(({ question, count, latest }) => ({
          question,
          count,
          conversationId: latest.conversationId,
          messageId: latest.id,
          lastAskedAt: latest.createdAt,
        })),
      thumbsDown: recentRatings
        .filter((rating) => rating.rating === 'down')
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.messageId < b.messageId ? 1 : -1))
        .slice(0, limit)
        .map((rating) => {
          const answer = tables.messages.get(rating.messageId)!;
          return {
            question: questionOf(messages, answer)?.content ?? null,
            answer: answer.content,
            comment: rating.comment,
            conversationId: answer.conversationId,
            messageId: answer.id,
            ratedAt: rating.updatedAt,
          };
        }),
    };
  }
}

/** Newer, ties broken by the larger id (the SQL adapters order the same way). */
function later(a: Message, b: Message): boolean {
  return (
    a.createdAt.getTime() > b.createdAt.getTime() ||
    (a.createdAt.getTime() === b.createdAt.getTime() && a.id > b.id)
  );
}

/** The latest user message of the answer's conversation at or before it. */
function questionOf(messages: readonly Message[], answer: Message): Message | null {
  let best: Message | null = null;
  for (const message of messages) {
    if (message.conversationId !== answer.conversationId || message.role !== 'user') continue;
    if (message.createdAt > answer.createdAt) continue;
    if (!best || later(message, best)) best = message;
  }
  return best;
}
