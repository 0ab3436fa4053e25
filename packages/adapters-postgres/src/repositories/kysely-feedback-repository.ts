import {
  DomainError,
  type FeedbackRating,
  type FeedbackRepository,
  type FeedbackWrite,
  type MessageFeedback,
} from '@chatbuddy/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../schema/index.js';
import type { MessageFeedbackRow } from '../schema/message-feedback.js';
import { isUuid } from './keyset.js';

const toFeedback = (row: Selectable<MessageFeedbackRow>): MessageFeedback => ({
  messageId: row.message_id,
  projectId: row.project_id,
  rating: row.rating as FeedbackRating,
  comment: row.comment,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

/** Ratings in `message_feedback`; one statement checks the message and upserts its rating. */
export class KyselyFeedbackRepository implements FeedbackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(feedback: FeedbackWrite): Promise<MessageFeedback> {
    if (!isUuid(feedback.messageId) || !isUuid(feedback.projectId))
      throw new DomainError('message_not_found', 'Message not found');
    const row = await this.db
      .insertInto('message_feedback')
      .columns(['message_id', 'project_id', 'rating', 'comment', 'created_at', 'updated_at'])
      .expression((db) =>
        db
          .selectFrom('conversation_messages')
          .select([
            'id',
            'project_id',
            sql<string>`${feedback.rating}::text`.as('rating'),
            sql<string | null>`${feedback.comment ?? null}::text`.as('comment'),
            sql<Date>`${feedback.createdAt}::timestamptz`.as('created_at'),
            sql<Date>`${feedback.updatedAt}::timestamptz`.as('updated_at'),
          ])
          .where('id', '=', feedback.messageId)
          .where('project_id', '=', feedback.projectId)
          .where('role', '=', 'assistant'),
      )
      .onConflict((conflict) =>
        conflict.column('message_id').doUpdateSet({
          rating: (eb) => eb.ref('excluded.rating'),
          // Without a comment, a changed rating keeps the stored one.
          comment: (eb) =>
            feedback.comment === undefined ? eb.ref('message_feedback.comment') : eb.ref('excluded.comment'),
          updated_at: (eb) => eb.ref('excluded.updated_at'),
        }),
      )
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('message_not_found', 'Message not found');
    return toFeedback(row);
  }

  async find(projectId: string, messageId: string): Promise<MessageFeedback | null> {
    if (!isUuid(projectId) || !isUuid(messageId)) return null;
    const row = await this.db
      .selectFrom('message_feedback')
      .selectAll()
      .where('message_id', '=', messageId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return row ? toFeedback(row) : null;
  }
}
