import type {
  Conversation,
  ConversationRepository,
  Message,
  Page,
  PageRequest,
  TokenSettlement,
  UsageEvent,
} from '@chatbuddy/core';
import { assertOneConversation, DomainError, withMessages } from '@chatbuddy/core';
import { type Kysely, type QueryCreator, type Selectable, sql } from 'kysely';
import { genericPlanComment } from '../dialect/plan-hints.js';
import type { ConversationMessageRow } from '../schema/conversation-messages.js';
import type { ConversationRow } from '../schema/conversations.js';
import type { Database } from '../schema/index.js';
import { afterCursor, fetchSize, isUuid, toPage } from './keyset.js';
import { usageCharge } from './kysely-usage-repository.js';

function toConversation(row: Selectable<ConversationRow>): Conversation {
  return {
    id: row.id,
    projectId: row.project_id,
    sessionId: row.session_id,
    title: row.title,
    summary: row.summary,
    summarisedMessageCount: row.summarized_message_count,
    messageCount: row.message_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toMessage(row: Selectable<ConversationMessageRow>): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    projectId: row.project_id,
    role: row.role as Message['role'],
    content: row.content,
    sources: row.sources,
    answered: row.answered,
    confidence: row.confidence === null ? null : Number(row.confidence),
    usage: row.usage,
    createdAt: row.created_at,
  };
}

function toConversationRow(conversation: Conversation) {
  return {
    id: conversation.id,
    project_id: conversation.projectId,
    session_id: conversation.sessionId,
    title: conversation.title,
    summary: conversation.summary,
    summarized_message_count: conversation.summarisedMessageCount,
    message_count: conversation.messageCount,
    created_at: conversation.createdAt,
    updated_at: conversation.updatedAt,
  };
}

function toMessageRow(message: Message) {
  return {
    id: message.id,
    conversation_id: message.conversationId,
    project_id: message.projectId,
    role: message.role,
    content: message.content,
    sources: JSON.stringify(message.sources),
    answered: message.answered,
    confidence: message.confidence,
    usage: message.usage === null ? null : JSON.stringify(message.usage),
    created_at: message.createdAt,
  };
}

/** Conversations and messages; appending a message bumps the count in the same statement set. */
export class KyselyConversationRepository implements ConversationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(conversation: Conversation, messages: readonly Message[] = []): Promise<Conversation> {
    const stored = withMessages(conversation, messages);
    if (messages.length === 0)
      await this.db.insertInto('conversations').values(toConversationRow(stored)).execute();
    // One statement: the conversation and its first messages exist together or not at all.
    else
      await this.db
        .with('created', (db) =>
          db.insertInto('conversations').values(toConversationRow(stored)).returning('id'),
        )
        .insertInto('conversation_messages')
        .values(messages.map(toMessageRow))
        .execute();
    return stored;
  }

  /**
   * One statement (no transaction block): the conversation, its messages, the usage event and the
   * project's counters are written together or not at all.
   */
  async createWithUsage(
    conversation: Conversation,
    messages: readonly Message[],
    event: UsageEvent,
    settlement: TokenSettlement,
  ): Promise<Conversation> {
    const stored = withMessages(conversation, messages);
    // The CTEs are not read by the charge: each data-modifying CTE runs to completion regardless.
    let writes = this.db.with('created', (db) =>
      db.insertInto('conversations').values(toConversationRow(stored)).returning('id'),
    ) as unknown as QueryCreator<Database>;
    if (messages.length > 0)
      writes = writes.with('stored', (db) =>
        db.insertInto('conversation_messages').values(messages.map(toMessageRow)).returning('id'),
      ) as unknown as QueryCreator<Database>;
    await usageCharge(writes, event, settlement).modifyEnd(sql.raw(genericPlanComment)).execute();
    return stored;
  }

  async findById(projectId: string, id: string): Promise<Conversation | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toConversation(row) : null;
  }

  async list(projectId: string, page: PageRequest): Promise<Page<Conversation>> {
    if (!isUuid(projectId)) return { items: [], nextCursor: null };
    const rows = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('project_id', '=', projectId)
      .where(afterCursor(page))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(fetchSize(page))
      .execute();
    return toPage(rows.map(toConversation), page);
  }

  async count(projectId: string): Promise<number> {
    return this.countIn('conversations', projectId);
  }

  async appendMessages(messages: readonly Message[]): Promise<void> {
    const first = messages[0];
    if (!first) return;
    assertOneConversation(messages);
    const last = new Date(Math.max(...messages.map((message) => message.createdAt.getTime())));
    const append = async (db: Kysely<Database>) => {
      const updated = await db
        .updateTable('conversations')
        .set({ message_count: sql<number>`message_count + ${messages.length}`, updated_at: last })
        .where('id', '=', first.conversationId)
        .where('project_id', '=', first.projectId)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n)
        throw new DomainError('conversation_not_found', 'Conversation not found');
      await db.insertInto('conversation_messages').values(messages.map(toMessageRow)).execute();
    };
    if (!isUuid(first.conversationId) || !isUuid(first.projectId))
      throw new DomainError('conversation_not_found', 'Conversation not found');
    await (this.db.isTransaction ? append(this.db) : this.db.transaction().execute(append));
  }

  async listMessages(projectId: string, conversationId: string, page: PageRequest): Promise<Page<Message>> {
    if (!isUuid(projectId) || !isUuid(conversationId)) return { items: [], nextCursor: null };
    const rows = await this.db
      .selectFrom('conversation_messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('project_id', '=', projectId)
      .where(afterCursor(page, true))
      .orderBy('created_at')
      .orderBy('id')
      .limit(fetchSize(page))
      .execute();
    return toPage(rows.map(toMessage), page);
  }

  async recentMessages(projectId: string, conversationId: string, limit: number): Promise<Message[]> {
    if (!isUuid(projectId) || !isUuid(conversationId) || limit <= 0) return [];
    const rows = await this.db
      .selectFrom('conversation_messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toMessage).reverse();
  }

  async findMessage(projectId: string, id: string): Promise<Message | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db
      .selectFrom('conversation_messages')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toMessage(row) : null;
  }

  async updateSummary(projectId: string, id: string, summary: string, messageCount: number): Promise<void> {
    if (!isUuid(projectId) || !isUuid(id)) return;
    await this.db
      .updateTable('conversations')
      .set({ summary, summarized_message_count: messageCount })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .execute();
  }

  private async countIn(
    table: 'conversations' | 'conversation_messages',
    projectId: string,
  ): Promise<number> {
    if (!isUuid(projectId)) return 0;
    const row = await this.db
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as('count'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    return row.count;
  }
}
