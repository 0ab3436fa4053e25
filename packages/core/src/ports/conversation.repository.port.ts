import type { ConversationId, MessageId, Page, PageRequest, ProjectId } from '../shared/common.js';
import type { Conversation, Message } from '../assistant/index.js';

/** Conversations and their messages, scoped to a project. */
export const ConversationRepository = Symbol.for('chatbuddy.ConversationRepository');
export interface ConversationRepository {
  /**
   * Stores a new conversation, with its first messages when given (all together or nothing; the
   * message count and `updatedAt` then include them). Throws `invalid_input` for messages of
   * another conversation.
   */
  create(conversation: Conversation, messages?: readonly Message[]): Promise<Conversation>;
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
