import type { TransactionalRepositories, UnitOfWork } from '../ports/unit-of-work.port.js';
import {
  InMemoryOtpRepository,
  InMemoryRefreshTokenRepository,
  InMemoryUserRepository,
} from './in-memory-account-repositories.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import {
  InMemoryConversationRepository,
  InMemoryDocumentRepository,
  InMemoryUsageRepository,
} from './in-memory-knowledge-repositories.js';
import { InMemoryApiKeyRepository, InMemoryProjectRepository } from './in-memory-project-repositories.js';

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
