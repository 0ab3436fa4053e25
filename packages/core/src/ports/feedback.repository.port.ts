import type { MessageId, ProjectId } from '../shared/common.js';
import type { MessageFeedback } from '../insights/index.js';

/** A rating to store: without `comment`, a changed rating keeps the comment already stored. */
export type FeedbackWrite = Omit<MessageFeedback, 'comment'> & { comment?: string | null | undefined };

/** Ratings of assistant answers, one per message, scoped to a project. */
export const FeedbackRepository = Symbol.for('chatbuddy.FeedbackRepository');
export interface FeedbackRepository {
  /**
   * Stores the rating of a message, replacing an earlier one (its `createdAt` is kept, the rest
   * updated; its comment too when `comment` is absent, a new rating then has none). Throws `message_not_found` when the message is not an assistant message of the
   * project.
   */
  upsert(feedback: FeedbackWrite): Promise<MessageFeedback>;
  find(projectId: ProjectId, messageId: MessageId): Promise<MessageFeedback | null>;
}
