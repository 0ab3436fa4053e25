import type { ApiKeyKind, Project } from '../../projects/index.js';
import type { Clock } from '../../ports/clock.port.js';
import type { ConversationRepository } from '../../ports/conversation.repository.port.js';
import type { FeedbackRepository } from '../../ports/feedback.repository.port.js';
import { DomainError } from '../../shared/domain-error.js';
import { parseInput } from '../../shared/validation.js';
import { type FeedbackView, type GiveFeedbackInput, giveFeedbackInput } from '../feedback.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Rates an assistant answer of the project (`up` or `down`, with an optional comment); a second
 * rating replaces the first, keeping its comment unless `comment` is given (`null` removes it). A publishable key (public web page) must name the conversation the
 * message belongs to: conversation ids are random and never listed to publishable keys, so only
 * the visitor who holds the conversation can rate its answers.
 */
export class GiveFeedback {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly feedback: FeedbackRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    project: Project,
    keyKind: ApiKeyKind,
    messageId: string,
    input: GiveFeedbackInput,
  ): Promise<FeedbackView> {
    const { rating, comment, conversationId } = parseInput(giveFeedbackInput, input);
    if (keyKind === 'publishable' && conversationId === undefined)
      throw new DomainError('invalid_input', 'conversationId is required with a publishable key', {
        details: {
          issues: [{ path: 'conversationId', message: 'required with a publishable key', code: 'custom' }],
        },
      });
    const message = uuid.test(messageId) ? await this.conversations.findMessage(project.id, messageId) : null;
    if (
      message?.role !== 'assistant' ||
      (conversationId !== undefined && message.conversationId !== conversationId)
    )
      throw new DomainError('message_not_found', 'Message not found');
    const now = this.clock.now();
    const stored = await this.feedback.upsert({
      messageId: message.id,
      projectId: project.id,
      rating,
      comment,
      createdAt: now,
      updatedAt: now,
    });
    return {
      messageId: stored.messageId,
      conversationId: message.conversationId,
      rating: stored.rating,
      comment: stored.comment,
      createdAt: stored.createdAt.toISOString(),
      updatedAt: stored.updatedAt.toISOString(),
    };
  }
}
