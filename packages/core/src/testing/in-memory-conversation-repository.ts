import {
  assertOneConversation,
  type Conversation,
  type Message,
  withMessages,
} from '../assistant/conversation.js';
import type { ConversationRepository } from '../ports/conversation.repository.port.js';
import type { TokenSettlement } from '../ports/usage.repository.port.js';
import type { UsageEvent } from '../projects/usage.js';
import type { Page, PageRequest } from '../shared/common.js';
import { DomainError } from '../shared/domain-error.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryUsageRepository } from './in-memory-usage-repository.js';
import { paginate } from './paging.js';

const copy = structuredClone;

export class InMemoryConversationRepository implements ConversationRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(conversation: Conversation, messages: readonly Message[] = []): Promise<Conversation> {
    const stored = withMessages(conversation, messages);
    this.db.tables.conversations.set(stored.id, copy(stored));
    for (const message of messages) this.db.tables.messages.set(message.id, copy(message));
    return copy(stored);
  }

  async createWithUsage(
    conversation: Conversation,
    messages: readonly Message[],
    event: UsageEvent,
    settlement: TokenSettlement,
  ): Promise<Conversation> {
    // Nothing is stored until every check has passed: all together or nothing.
    const stored = withMessages(conversation, messages);
    await new InMemoryUsageRepository(this.db).record(event, settlement);
    this.db.tables.conversations.set(stored.id, copy(stored));
    for (const message of messages) this.db.tables.messages.set(message.id, copy(message));
    return copy(stored);
  }

  async findById(projectId: string, id: string): Promise<Conversation | null> {
    const conversation = this.db.tables.conversations.get(id);
    return conversation && conversation.projectId === projectId ? copy(conversation) : null;
  }

  async list(projectId: string, page: PageRequest): Promise<Page<Conversation>> {
    const rows = [...this.db.tables.conversations.values()].filter((row) => row.projectId === projectId);
    return copy(paginate(rows, page));
  }

  async count(projectId: string): Promise<number> {
    return [...this.db.tables.conversations.values()].filter((row) => row.projectId === projectId).length;
  }

  async appendMessages(messages: readonly Message[]): Promise<void> {
    const first = messages[0];
    if (!first) return;
    assertOneConversation(messages);
    const conversation = this.db.tables.conversations.get(first.conversationId);
    if (!conversation || conversation.projectId !== first.projectId) {
      throw new DomainError('conversation_not_found', 'Conversation not found');
    }
    for (const message of messages) {
      this.db.tables.messages.set(message.id, copy(message));
      conversation.messageCount += 1;
      if (message.createdAt > conversation.updatedAt) conversation.updatedAt = message.createdAt;
    }
  }

  private messagesOf(projectId: string, conversationId: string): Message[] {
    return [...this.db.tables.messages.values()].filter(
      (message) => message.projectId === projectId && message.conversationId === conversationId,
    );
  }

  async listMessages(projectId: string, conversationId: string, page: PageRequest): Promise<Page<Message>> {
    return copy(paginate(this.messagesOf(projectId, conversationId), page, true));
  }

  async recentMessages(projectId: string, conversationId: string, limit: number): Promise<Message[]> {
    const all = paginate(
      this.messagesOf(projectId, conversationId),
      { limit: Number.MAX_SAFE_INTEGER },
      true,
    ).items;
    return copy(all.slice(Math.max(0, all.length - limit)));
  }

  async findMessage(projectId: string, id: string): Promise<Message | null> {
    const message = this.db.tables.messages.get(id);
    return message && message.projectId === projectId ? copy(message) : null;
  }

  async updateSummary(projectId: string, id: string, summary: string, messageCount: number): Promise<void> {
    const conversation = this.db.tables.conversations.get(id);
    if (!conversation || conversation.projectId !== projectId) return;
    conversation.summary = summary;
    conversation.summarisedMessageCount = messageCount;
  }
}
