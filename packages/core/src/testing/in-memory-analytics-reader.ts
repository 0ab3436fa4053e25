import type { Message } from '../assistant/conversation.js';
import { type AnalyticsFacts, type AnalyticsQuery, normaliseQuestion } from '../insights/analytics.js';
import type { AnalyticsReader } from '../ports/analytics-reader.port.js';
import type { WebhookDelivery } from '../ports/webhook-delivery.repository.port.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import type { InMemoryFeedbackRepository } from './in-memory-feedback-repository.js';

/** Analytics over the in-memory tables. */
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
        leads: own(tables.leads.values()).length,
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
      leadNotifications: leadNotifications(own(tables.webhookDeliveries), since),
    };
  }
}

/** Delivered and failed webhooks of the window, and the latest failure (ties: larger id). */
function leadNotifications(deliveries: WebhookDelivery[], since: Date): AnalyticsFacts['leadNotifications'] {
  const recent = deliveries.filter((delivery) => delivery.createdAt >= since);
  const failed = recent.filter((delivery) => delivery.status === 'failed');
  const last = failed.reduce<WebhookDelivery | null>(
    (latest, delivery) =>
      !latest ||
      delivery.createdAt > latest.createdAt ||
      (delivery.createdAt.getTime() === latest.createdAt.getTime() && delivery.id > latest.id)
        ? delivery
        : latest,
    null,
  );
  return {
    delivered: recent.length - failed.length,
    failed: failed.length,
    lastFailure: last && {
      at: last.createdAt,
      event: last.event,
      attempts: last.attempts,
      responseStatus: last.responseStatus,
      error: last.error,
    },
  };
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
