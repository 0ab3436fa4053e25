import type {
  ChunkId,
  ConversationId,
  DocumentId,
  MessageId,
  ProjectId,
  SessionId,
} from '../shared/common.js';
import { DomainError } from '../shared/domain-error.js';

export interface Conversation {
  id: ConversationId;
  projectId: ProjectId;
  /** Assistant (lead flow) session the conversation belongs to, if any. */
  sessionId: SessionId | null;
  title: string;
  /** Summary of older turns, used in prompts instead of their full text. */
  summary: string | null;
  /** Messages up to (and including) this count are covered by `summary`. */
  summarisedMessageCount: number;
  messageCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What an answer rests on: a chunk of a document, or a curated answer (then `documentId` and
 * `chunkId` are null and `curatedAnswerId` names it).
 */
export interface Source {
  documentId: DocumentId | null;
  chunkId: ChunkId | null;
  curatedAnswerId?: string;
  title: string;
  snippet: string;
  score: number;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface Message {
  id: MessageId;
  conversationId: ConversationId;
  projectId: ProjectId;
  role: 'user' | 'assistant';
  content: string;
  /** Assistant messages: the sources shown with the answer. */
  sources: Source[];
  answered: boolean | null;
  confidence: number | null;
  usage: TokenUsage | null;
  createdAt: Date;
}

/** Refuses a batch of messages that belong to more than one conversation (or project). */
export function assertOneConversation(messages: readonly Message[]): void {
  const first = messages[0];
  if (
    first &&
    messages.some(
      (message) => message.conversationId !== first.conversationId || message.projectId !== first.projectId,
    )
  ) {
    throw new DomainError('invalid_input', 'Messages appended together must belong to one conversation');
  }
}

/**
 * A new conversation as stored together with its first messages (which must be its own): the
 * message count includes them and `updatedAt` is the latest of their times.
 */
export function withMessages(conversation: Conversation, messages: readonly Message[]): Conversation {
  if (messages.length === 0) return structuredClone(conversation);
  assertOneConversation(messages);
  if (messages[0]!.conversationId !== conversation.id || messages[0]!.projectId !== conversation.projectId)
    throw new DomainError('invalid_input', 'The messages belong to another conversation');
  const latest = Math.max(
    conversation.updatedAt.getTime(),
    ...messages.map((message) => message.createdAt.getTime()),
  );
  return {
    ...structuredClone(conversation),
    messageCount: conversation.messageCount + messages.length,
    updatedAt: new Date(latest),
  };
}
