/**
 * PostgreSQL persistence for Chat Buddy: every repository port of core on Kysely, a BM25
 * lexical index over PostgreSQL full-text analysis, and a pgvector vector store. Two dialects
 * share one schema and one list of migrations: `pg` against a PostgreSQL server and PGlite
 * (PostgreSQL in WebAssembly) in-process, in a data folder or in memory.
 *
 * ```ts
 * const persistence = await createPostgresPersistence({ dataDir: './data/db' });
 * await persistence.migrate();
 * const user = await persistence.repositories.users.findByEmail('jane@example.com');
 * await persistence.close();
 * ```
 * @module
 */
export { translateDatabaseError } from './dialect/database-errors.js';
export { createRepositories, KyselyUnitOfWork, type PostgresRepositories } from './kysely-unit-of-work.js';
export { migrationProvider, migrations } from './migrations/index.js';
export {
  createPostgresPersistence,
  type MigrationReport,
  type PostgresPersistence,
  type PostgresPersistenceOptions,
  restorePgliteBackup,
} from './postgres-persistence.js';
export { KyselyAnalyticsReader } from './repositories/kysely-analytics-reader.js';
export { KyselyAuditLog } from './repositories/kysely-audit-log.js';
export { KyselyApiKeyRepository } from './repositories/kysely-api-key-repository.js';
export { KyselyCuratedAnswerRepository } from './repositories/kysely-curated-answer-repository.js';
export { KyselyConversationRepository } from './repositories/kysely-conversation-repository.js';
export { KyselyDocumentRepository } from './repositories/kysely-document-repository.js';
export { KyselyFeedbackRepository } from './repositories/kysely-feedback-repository.js';
export { KyselyIdempotencyRepository } from './repositories/kysely-idempotency-repository.js';
export { KyselyLeadRepository } from './repositories/kysely-lead-repository.js';
export { KyselyLeadDirectory } from './repositories/kysely-lead-directory.js';
export { KyselyWebhookDeliveryRepository } from './repositories/kysely-webhook-delivery-repository.js';
export { KyselyOtpRepository } from './repositories/kysely-otp-repository.js';
export { KyselyProjectRepository } from './repositories/kysely-project-repository.js';
export { KyselyRefreshTokenRepository } from './repositories/kysely-refresh-token-repository.js';
export { KyselyUsageRepository } from './repositories/kysely-usage-repository.js';
export { KyselyUserRepository } from './repositories/kysely-user-repository.js';
export type { Database } from './schema/index.js';
export { postingWritesChannel } from './search/write-timing.js';
export { type Bm25Options, PostgresLexicalIndex } from './search/postgres-lexical-index.js';
export { MirroredLexicalIndex, MirroredVectorStore } from './search-mirror/mirrored-search.js';
export { type ProjectMirror, SearchMirror, type SearchMirrorOptions } from './search-mirror/search-mirror.js';
export { PgVectorStore } from './vectors/pg-vector-store.js';
export { VectorOutbox, type VectorOutboxOptions } from './vectors/vector-outbox.js';
