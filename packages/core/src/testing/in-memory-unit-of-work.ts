import type { TransactionalRepositories, UnitOfWork } from '../ports/unit-of-work.port.js';
import { InMemoryOtpRepository } from './in-memory-otp-repository.js';
import { InMemoryRefreshTokenRepository } from './in-memory-refresh-token-repository.js';
import { InMemoryUserRepository } from './in-memory-user-repository.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryConversationRepository } from './in-memory-conversation-repository.js';
import { InMemoryDocumentRepository } from './in-memory-document-repository.js';
import { InMemoryUsageRepository } from './in-memory-usage-repository.js';
import { InMemoryApiKeyRepository } from './in-memory-api-key-repository.js';
import { InMemoryProjectRepository } from './in-memory-project-repository.js';
import { InMemoryAuditLog } from './in-memory-audit-log.js';

export function inMemoryRepositories(db: InMemoryDatabase): TransactionalRepositories {
  return {
    users: new InMemoryUserRepository(db),
    otps: new InMemoryOtpRepository(db),
    refreshTokens: new InMemoryRefreshTokenRepository(db),
    projects: new InMemoryProjectRepository(db),
    apiKeys: new InMemoryApiKeyRepository(db),
    documents: new InMemoryDocumentRepository(db),
    conversations: new InMemoryConversationRepository(db),
    usage: new InMemoryUsageRepository(db),
    audit: new InMemoryAuditLog(db),
  };
}

/**
 * Transactions by snapshot: the tables are cloned before the work and restored if it throws.
 * Work is serialised, like a database serialises conflicting transactions.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: InMemoryDatabase) {}

  run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const snapshot = this.db.tables.clone();
      try {
        return await work(inMemoryRepositories(this.db));
      } catch (error) {
        this.db.tables = snapshot;
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
