import type { AuditLog } from './audit-log.port.js';
import type { ApiKeyRepository } from './api-key.repository.port.js';
import type { ConversationRepository } from './conversation.repository.port.js';
import type { DocumentRepository } from './document.repository.port.js';
import type { OtpRepository } from './otp.repository.port.js';
import type { ProjectRepository } from './project.repository.port.js';
import type { RefreshTokenRepository } from './refresh-token.repository.port.js';
import type { UsageRepository } from './usage.repository.port.js';
import type { UserRepository } from './user.repository.port.js';

/** Repositories bound to one transaction. */
export interface TransactionalRepositories {
  users: UserRepository;
  otps: OtpRepository;
  refreshTokens: RefreshTokenRepository;
  projects: ProjectRepository;
  apiKeys: ApiKeyRepository;
  documents: DocumentRepository;
  conversations: ConversationRepository;
  usage: UsageRepository;
  audit: AuditLog;
}

/** Runs work atomically across repositories. */
export const UnitOfWork = Symbol.for('chatbuddy.UnitOfWork');
export interface UnitOfWork {
  /**
   * Runs `work` in one transaction: everything it wrote is committed when it resolves and
   * rolled back when it throws (the error is rethrown).
   */
  run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T>;
}
