import type { ConversationId, MessageId, Page, PageRequest, ProjectId } from '../shared/common.js';
import type { Conversation, Message } from '../assistant/index.js';
import type { UsageEvent } from '../projects/index.js';
import type { TokenSettlement } from './usage.repository.port.js';

/** Conversations and their messages, scoped to a project. */
export const ConversationRepository = Symbol.for('chatbuddy.ConversationRepository');
export interface ConversationRepository {
  /**
   * Stores a new conversation, with its first messages when given (all together or nothing; the
   * message count and `updatedAt` then include them). Throws `invalid_input` for messages of
   * another conversation.
   */
  create(conversation: Conversation, messages?: readonly Message[]): Promise<Conversation>;
  /**
   * A chat turn that opens a conversation, in one atomic step: `create(conversation, messages)`
   * and `UsageRepository.record(event, settlement)` (the event logged, its tokens charged, the
   * reservation settled) are stored together or not at all, with the same errors.
   */
  createWithUsage(
    conversation: Conversation,
    messages: readonly Message[],
    event: UsageEvent,
    settlement: TokenSettlement,
  ): Promise<Conversation>;
  findById(projectId: ProjectId, id: ConversationId): Promise<Conversation | null>;
  /** Newest first. */
  list(projectId: ProjectId, page: PageRequest): Promise<Page<Conversation>>;
  count(projectId: ProjectId): Promise<number>;
  /**
   * Appends messages of one conversation (all or none) and bumps its message count and
   * `updatedAt` (to the latest `createdAt`). Throws `invalid_input` for messages of several
   * conversations, `conversation_not_found` when the conversation is not the project's.
   */
  appendMessages(messages: readonly Message[]): Promise<void>;
  /** Oldest first. */
  listMessages(
    projectId: ProjectId,
    conversationId: ConversationId,
    page: PageRequest,
  ): Promise<Page<Message>>;
  /** The last `limit` messages, oldest first (prompt history). */
  recentMessages(projectId: ProjectId, conversationId: ConversationId, limit: number): Promise<Message[]>;
  /** One message of the project, or null (another project's message is not found). */
  findMessage(projectId: ProjectId, id: MessageId): Promise<Message | null>;
  /** Stores the summary of the first `messageCount` messages. */
  updateSummary(
    projectId: ProjectId,
    id: ConversationId,
    summary: string,
    messageCount: number,
  ): Promise<void>;
}
