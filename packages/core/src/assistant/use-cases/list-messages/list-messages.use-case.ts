import type { Page } from '../../../shared/common.js';
import type { Message, Source, TokenUsage } from '../../conversation.js';
import { DomainError } from '../../../shared/domain-error.js';
import { parseInput } from '../../../shared/validation.js';
import type { ConversationRepository } from '../../../ports/conversation.repository.port.js';
import type { FeedbackRepository } from '../../../ports/feedback.repository.port.js';
import { type PageInput, pageInput } from '../../../shared/page-input.js';
import type { FeedbackRating } from '../../../insights/index.js';

/** The visitor's rating of an assistant answer, as the dashboard shows it. */
export interface MessageRatingView {
  rating: FeedbackRating;
  comment: string | null;
  ratedAt: string;
}

export interface MessageView {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  sources: Source[];
  answered: boolean | null;
  confidence: number | null;
  usage: TokenUsage | null;
  /** The visitor's rating (assistant messages only); null when unrated. */
  feedback: MessageRatingView | null;
  createdAt: string;
}

export function toMessageView(message: Message, feedback: MessageRatingView | null = null): MessageView {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    sources: message.sources,
    answered: message.answered,
    confidence: message.confidence,
    usage: message.usage,
    feedback,
    createdAt: message.createdAt.toISOString(),
  };
}

/** Messages of one of the project's conversations, oldest first, with the ratings of answers. */
export class ListMessages {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly feedback: FeedbackRepository,
  ) {}

  async execute(
    projectId: string,
    conversationId: string,
    input: PageInput = {},
  ): Promise<Page<MessageView>> {
    const page = parseInput(pageInput, input);
    const conversation = await this.conversations.findById(projectId, conversationId);
    if (!conversation) throw new DomainError('conversation_not_found', 'Conversation not found');
    const result = await this.conversations.listMessages(projectId, conversationId, page);
    const items = await Promise.all(
      result.items.map(async (message) => {
        if (message.role !== 'assistant') return toMessageView(message);
        const rated = await this.feedback.find(projectId, message.id);
        return toMessageView(
          message,
          rated && { rating: rated.rating, comment: rated.comment, ratedAt: rated.updatedAt.toISOString() },
        );
      }),
    );
    return { items, nextCursor: result.nextCursor };
  }
}
