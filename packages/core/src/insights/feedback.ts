import { z } from 'zod';
import type { ConversationId, MessageId, ProjectId } from '../shared/common.js';
import { safeText } from '../shared/index.js';

export const feedbackRatings = ['up', 'down'] as const;
export type FeedbackRating = (typeof feedbackRatings)[number];

/** A visitor's or customer's rating of one assistant answer; one per message, changeable. */
export interface MessageFeedback {
  messageId: MessageId;
  projectId: ProjectId;
  rating: FeedbackRating;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const giveFeedbackInput = z
  .object({
    rating: z.enum(feedbackRatings),
    comment: safeText(2_000).nullable().optional(),
    /** The conversation the message belongs to; required with a publishable key. */
    conversationId: z.uuid().optional(),
  })
  .strict();
export type GiveFeedbackInput = z.input<typeof giveFeedbackInput>;

/** The stored feedback as the API shows it. */
export interface FeedbackView {
  messageId: string;
  conversationId: ConversationId;
  rating: FeedbackRating;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}
