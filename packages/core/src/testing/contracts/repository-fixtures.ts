import type { Conversation, Message } from '../../assistant/conversation.js';
import type { KnowledgeDocument } from '../../knowledge/document.js';
import type { ApiKey, Project } from '../../projects/project.js';
import type { UsageEvent } from '../../projects/usage.js';
import type { IdempotencyRepository } from '../../ports/idempotency.repository.port.js';
import type { LexicalIndex } from '../../ports/lexical-index.port.js';
import type { TransactionalRepositories, UnitOfWork } from '../../ports/unit-of-work.port.js';
import { fixtureId } from './fixtures.js';
import { makeUser } from './user.repository.contract.js';

/** What the repository contracts exercise: every repository, transactions and search, on one store. */
export interface RepositorySubject {
  repositories: TransactionalRepositories;
  idempotency: IdempotencyRepository;
  unitOfWork: UnitOfWork;
  lexicalIndex: LexicalIndex;
}

export type MakeRepositorySubject = () => Promise<RepositorySubject> | RepositorySubject;

const at = new Date('2026-01-01T00:00:00.000Z');
/** The instant the fixtures are created and their usage events logged at. */
export const fixtureInstant = at;

export function makeProject(ownerId: string, overrides: Partial<Project> = {}): Project {
  return {
    id: fixtureId(),
    ownerId,
    name: 'Acme Support Bot',
    modelProvider: 'local',
    modelConfig: { model: 'extractive', temperature: 0.2, assistantMessageLimit: 5 },
    systemPrompt: null,
    assistant: { leadCapture: false },
    allowedOrigins: [],
    tokenLimit: null,
    tokenLimitPeriod: 'month',
    tokensUsed: 0,
    periodStart: null,
    periodTokensUsed: 0,
    tokensReserved: 0,
    embeddingModel: null,
    metadata: {},
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** Creates a user and a project owned by it; returns the stored project. */
export async function seedProject(
  repositories: TransactionalRepositories,
  overrides: Partial<Project> = {},
): Promise<Project> {
  const owner = await repositories.users.create(makeUser());
  return repositories.projects.create(makeProject(owner.id, overrides));
}

export function makeDocument(
  projectId: string,
  overrides: Partial<KnowledgeDocument> = {},
): KnowledgeDocument {
  const id = fixtureId();
  return {
    id,
    projectId,
    title: 'Refund policy',
    content: 'Refunds are paid within 14 days.',
    contentHash: `hash-${id}`,
    mimeType: 'text/plain',
    filename: null,
    metadata: { source: 'test' },
    status: 'pending',
    failureReason: null,
    chunkCount: 0,
    embeddingModel: null,
    version: 1,
    sizeBytes: 32,
    createdAt: at,
    updatedAt: at,
    indexedAt: null,
    ...overrides,
  };
}

export function makeApiKey(projectId: string, overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: fixtureId(),
    projectId,
    kind: 'secret',
    prefix: `cb_sk_${fixtureId().slice(0, 8)}${fixtureId().slice(-6)}`,
    keyHash: 'key-hash',
    createdAt: at,
    expiresAt: null,
    revokedAt: null,
    ...overrides,
  };
}

export function makeConversation(projectId: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: fixtureId(),
    projectId,
    sessionId: null,
    title: 'How do refunds work?',
    summary: null,
    summarisedMessageCount: 0,
    messageCount: 0,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function makeMessage(conversation: Conversation, overrides: Partial<Message> = {}): Message {
  return {
    id: fixtureId(),
    conversationId: conversation.id,
    projectId: conversation.projectId,
    role: 'user',
    content: 'How long do refunds take?',
    sources: [],
    answered: null,
    confidence: null,
    usage: null,
    createdAt: at,
    ...overrides,
  };
}

export function makeUsageEvent(projectId: string, overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    id: fixtureId(),
    projectId,
    endpoint: '/chat',
    provider: 'local',
    model: 'extractive',
    promptTokens: 10,
    completionTokens: 5,
    totalTokens: 15,
    latencyMs: 12,
    outcome: 'answered',
    createdAt: at,
    ...overrides,
  };
}

/** The DomainError code a promise rejects with, or null when it resolves. */
export async function failureCode(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const marked = (error as Record<symbol, unknown>)[Symbol.for('chatbuddy.DomainError')] === true;
    return marked && typeof code === 'string' ? code : `not a domain error: ${String(error)}`;
  }
}
