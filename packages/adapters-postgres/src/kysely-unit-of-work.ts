import type { TransactionalRepositories, UnitOfWork } from '@chatbuddy/core';
import type { Kysely } from 'kysely';
import { KyselyApiKeyRepository } from './repositories/kysely-api-key-repository.js';
import { KyselyCuratedAnswerRepository } from './repositories/kysely-curated-answer-repository.js';
import { KyselyConversationRepository } from './repositories/kysely-conversation-repository.js';
import { KyselyDocumentRepository } from './repositories/kysely-document-repository.js';
import { KyselyIdempotencyRepository } from './repositories/kysely-idempotency-repository.js';
import { KyselyLeadRepository } from './repositories/kysely-lead-repository.js';
import { KyselyOtpRepository } from './repositories/kysely-otp-repository.js';
import { KyselyProjectRepository } from './repositories/kysely-project-repository.js';
import { KyselyRefreshTokenRepository } from './repositories/kysely-refresh-token-repository.js';
import { KyselyUsageRepository } from './repositories/kysely-usage-repository.js';
import { KyselyUserRepository } from './repositories/kysely-user-repository.js';
import { KyselyAuditLog } from './repositories/kysely-audit-log.js';
import type { Database } from './schema/index.js';
import type {
  AnalyticsReader,
  CuratedAnswerRepository,
  FeedbackRepository,
  IdempotencyRepository,
  LeadDirectory,
  LeadRepository,
  WebhookDeliveryRepository,
} from '@chatbuddy/core';
import { KyselyAnalyticsReader } from './repositories/kysely-analytics-reader.js';
import { KyselyFeedbackRepository } from './repositories/kysely-feedback-repository.js';
import { KyselyLeadDirectory } from './repositories/kysely-lead-directory.js';
import { KyselyWebhookDeliveryRepository } from './repositories/kysely-webhook-delivery-repository.js';

/** Every repository port, plus idempotency records and the lead administration. */
export interface PostgresRepositories extends TransactionalRepositories {
  idempotency: IdempotencyRepository;
  curatedAnswers: CuratedAnswerRepository;
  leads: LeadRepository;
  leadDirectory: LeadDirectory;
  webhookDeliveries: WebhookDeliveryRepository;
  feedback: FeedbackRepository;
  analytics: AnalyticsReader;
}

/**
 * The transaction and its database on repositories a unit of work hands out, so that a store in
 * the same database (pgvector) can write inside it (`VectorStore.inTransaction`).
 */
export const transactionOfRepositories = Symbol('chatbuddy.postgres.transaction');

export interface RepositoriesTransaction {
  /** The database the unit of work was built on. */
  database: Kysely<Database>;
  transaction: Kysely<Database>;
}

/** The transaction `repositories` are bound to, when a `KyselyUnitOfWork` handed them out. */
export function transactionOf(repositories: object): RepositoriesTransaction | undefined {
  return (repositories as { [transactionOfRepositories]?: RepositoriesTransaction })[
    transactionOfRepositories
  ];
}

/** Repositories bound to `transaction` of `database`, which carry it (`transactionOf`). */
function boundRepositories(database: Kysely<Database>, transaction: Kysely<Database>): PostgresRepositories {
  const bound: RepositoriesTransaction = { database, transaction };
  return Object.assign(createRepositories(transaction), { [transactionOfRepositories]: bound });
}

/** Repositories bound to `db`: the pool, or one transaction. */
export function createRepositories(db: Kysely<Database>): PostgresRepositories {
  return {
    users: new KyselyUserRepository(db),
    otps: new KyselyOtpRepository(db),
    refreshTokens: new KyselyRefreshTokenRepository(db),
    projects: new KyselyProjectRepository(db),
    apiKeys: new KyselyApiKeyRepository(db),
    documents: new KyselyDocumentRepository(db),
    conversations: new KyselyConversationRepository(db),
    usage: new KyselyUsageRepository(db),
    audit: new KyselyAuditLog(db),
    idempotency: new KyselyIdempotencyRepository(db),
    curatedAnswers: new KyselyCuratedAnswerRepository(db),
    leads: new KyselyLeadRepository(db),
    leadDirectory: new KyselyLeadDirectory(db),
    webhookDeliveries: new KyselyWebhookDeliveryRepository(db),
    feedback: new KyselyFeedbackRepository(db),
    analytics: new KyselyAnalyticsReader(db),
  };
}

/**
 * Real transactions: `run` opens a Kysely transaction and hands `work` repositories bound to it.
 * Inside `work`, use only those repositories; on PGlite (one connection) a query through the
 * outer repositories would wait for the transaction to end.
 */
export class KyselyUnitOfWork implements UnitOfWork {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly retry: TransactionRetry = defaultTransactionRetry,
  ) {}

  /**
   * A transaction that PostgreSQL ends as a deadlock victim or a serialisation failure
   * (40P01/40001) wrote nothing, so it is run again from the start, a few times with a short
   * random pause; only then does the caller see `conflict`. `work` must touch nothing but the
   * repositories it is given (the rule above), which is what makes running it again safe.
   */
  async run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(boundRepositories(this.db, this.db));
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.db
          .transaction()
          .execute((transaction) => work(boundRepositories(this.db, transaction)));
      } catch (error) {
        if (attempt >= this.retry.attempts || !isTransactionConflict(error)) throw error;
        await sleep(Math.random() * this.retry.pauseMs * attempt);
      }
    }
  }
}

/** How often a transaction ended by a deadlock or serialisation failure is run again. */
export interface TransactionRetry {
  /** Runs in all, the first included. */
  attempts: number;
  /** Upper bound of the random pause before the second run (grows with each run). */
  pauseMs: number;
}

export const defaultTransactionRetry: TransactionRetry = { attempts: 4, pauseMs: 25 };

const conflictCodes = new Set(['40001', '40P01']);

/** A deadlock victim or serialisation failure, as raised by the driver or mapped by the guard. */
export function isTransactionConflict(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && conflictCodes.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
