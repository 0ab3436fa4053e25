import type { Page } from '../../../shared/common.js';
import type { Message, Source, TokenUsage } from '../../conversation.js';
import { DomainError } from '../../../shared/domain-error.js';
import { parseInput } from '../../../shared/validation.js';
import type { ConversationRepository } from '../../../ports/conversation.repository.port.js';
import { type PageInput, pageInput } from '../../../shared/page-input.js';

export interface MessageView {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  sources: Source[];
  answered: boolean | null;
  confidence: number | null;
  usage: TokenUsage | null;
  createdAt: string;
}

export function toMessageView(message: Message): MessageView {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    sources: message.sources,
    answered: message.answered,
    confidence: message.confidence,
    usage: message.usage,
    createdAt: message.createdAt.toISOString(),
  };
}

/** Messages of one of the project's conversations, oldest first. */
export class ListMessages {
  constructor(private readonly conversations: ConversationRepository) {}

  async execute(
    projectId: string,
    conversationId: string,
    input: PageInput = {},
  ): Promise<Page<MessageView>> {
    const page = parseInput(pageInput, input);
    const conversation = await this.conversations.findById(projectId, conversationId);
    if (!conversation) throw new DomainError('conversation_not_found', 'Conversation not found');
    const result = await this.conversations.listMessages(projectId, conversationId, page);
    return { items: result.items.map(toMessageView), nextCursor: result.nextCursor };
  }
}
