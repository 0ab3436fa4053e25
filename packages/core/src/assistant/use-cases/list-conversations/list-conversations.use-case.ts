import type { Page } from '../../../shared/common.js';
import type { Conversation } from '../../conversation.js';
import { parseInput } from '../../../shared/validation.js';
import type { ConversationRepository } from '../../../ports/conversation.repository.port.js';
import { type PageInput, pageInput } from '../../../shared/page-input.js';

export interface ConversationView {
  id: string;
  title: string;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
}

export function toConversationView(conversation: Conversation): ConversationView {
  return {
    id: conversation.id,
    title: conversation.title,
    messageCount: conversation.messageCount,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
  };
}

/** A project's conversations, newest first. */
export class ListConversations {
  constructor(private readonly conversations: ConversationRepository) {}

  async execute(projectId: string, input: PageInput = {}): Promise<Page<ConversationView>> {
    const page = parseInput(pageInput, input);
    const result = await this.conversations.list(projectId, page);
    return { items: result.items.map(toConversationView), nextCursor: result.nextCursor };
  }
}
