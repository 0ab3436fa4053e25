import type { MessageFeedback } from '../insights/feedback.js';
import type { FeedbackRepository, FeedbackWrite } from '../ports/feedback.repository.port.js';
import { DomainError } from '../shared/domain-error.js';
import type { InMemoryDatabase } from './in-memory-database.js';

/** Ratings kept beside the in-memory messages; a rating of a deleted message is ignored. */
export class InMemoryFeedbackRepository implements FeedbackRepository {
  readonly ratings = new Map<string, MessageFeedback>();

  constructor(private readonly db: InMemoryDatabase) {}

  async upsert(feedback: FeedbackWrite): Promise<MessageFeedback> {
    const message = this.db.tables.messages.get(feedback.messageId);
    if (!message || message.projectId !== feedback.projectId || message.role !== 'assistant')
      throw new DomainError('message_not_found', 'Message not found');
    const earlier = this.ratings.get(feedback.messageId);
    const stored: MessageFeedback = {
      ...structuredClone(feedback),
      comment: feedback.comment === undefined ? (earlier?.comment ?? null) : feedback.comment,
      createdAt: earlier?.createdAt ?? feedback.createdAt,
    };
    this.ratings.set(feedback.messageId, stored);
    return structuredClone(stored);
  }

  async find(projectId: string, messageId: string): Promise<MessageFeedback | null> {
    const found = this.ratings.get(messageId);
    const live = found && this.db.tables.messages.has(messageId) && found.projectId === projectId;
    return live ? structuredClone(found) : null;
  }
}
