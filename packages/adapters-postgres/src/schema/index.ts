import type { ApiKeysDatabase } from './api-keys.js';
import type { AuditLogDatabase } from './audit-log.js';
import type { AssistantLeadOtpsDatabase } from './assistant-lead-otps.js';
import type { AssistantLeadsDatabase } from './assistant-leads.js';
import type { AssistantSessionsDatabase } from './assistant-sessions.js';
import type { ChunkEmbeddingsDatabase } from './chunk-embeddings.js';
import type { ConversationMessagesDatabase } from './conversation-messages.js';
import type { ConversationsDatabase } from './conversations.js';
import type { CuratedAnswersDatabase } from './curated-answers.js';
import type { DocumentChunksDatabase } from './document-chunks.js';
import type { DocumentsDatabase } from './documents.js';
import type { IdempotencyKeysDatabase } from './idempotency-keys.js';
import type { LexicalChunkTermsDatabase } from './lexical-chunk-terms.js';
import type { LexicalStatisticsDatabase } from './lexical-statistics.js';
import type { MessageFeedbackDatabase } from './message-feedback.js';
import type { OtpsDatabase } from './otps.js';
import type { ProjectsDatabase } from './projects.js';
import type { RefreshTokensDatabase } from './refresh-tokens.js';
import type { SearchIndexChangesDatabase } from './search-index-changes.js';
import type { SecurityEventsDatabase } from './security-events.js';
import type { DeletedProjectsDatabase, TokenReservationsDatabase } from './token-reservations.js';
import type { UsageLogsDatabase } from './usage-logs.js';
import type { UsersDatabase } from './users.js';
import type { VectorRemovalsDatabase } from './vector-removals.js';
import type { VectorOutboxDatabase } from './vector-outbox.js';
import type { WebhookDeliveriesDatabase } from './webhook-deliveries.js';

/** Every table of the Chat Buddy schema, as Kysely sees it. */
export type Database = UsersDatabase &
  SecurityEventsDatabase &
  OtpsDatabase &
  RefreshTokensDatabase &
  ProjectsDatabase &
  ApiKeysDatabase &
  IdempotencyKeysDatabase &
  UsageLogsDatabase &
  TokenReservationsDatabase &
  DeletedProjectsDatabase &
  VectorRemovalsDatabase &
  VectorOutboxDatabase &
  DocumentsDatabase &
  DocumentChunksDatabase &
  LexicalChunkTermsDatabase &
  LexicalStatisticsDatabase &
  SearchIndexChangesDatabase &
  ConversationsDatabase &
  ConversationMessagesDatabase &
  MessageFeedbackDatabase &
  CuratedAnswersDatabase &
  AssistantLeadsDatabase &
  AssistantLeadOtpsDatabase &
  AssistantSessionsDatabase &
  ChunkEmbeddingsDatabase &
  WebhookDeliveriesDatabase &
  AuditLogDatabase;
