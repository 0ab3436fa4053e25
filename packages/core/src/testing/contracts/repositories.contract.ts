import { auditLogContract } from './audit-log.contract.js';
import { accountRepositoryContract } from './account.repository.contract.js';
import { conversationRepositoryContract } from './conversation.repository.contract.js';
import { documentLeaseContract } from './document-lease.contract.js';
import { documentRepositoryContract } from './document.repository.contract.js';
import { idempotencyRepositoryContract } from './idempotency.repository.contract.js';
import { lexicalIndexContract } from './lexical-index.contract.js';
import { projectRepositoryContract } from './project.repository.contract.js';
import { refreshTokenRepositoryContract } from './refresh-token.repository.contract.js';
import type { MakeRepositorySubject } from './repository-fixtures.js';
import { tokenBudgetContract } from './token-budget.contract.js';
import { unitOfWorkContract } from './unit-of-work.contract.js';
import { usageRepositoryContract } from './usage.repository.contract.js';
import { userRepositoryContract } from './user.repository.contract.js';

export interface RepositoryContractOptions {
  /** Parallel calls in the concurrency tests. */
  parallelism?: number;
  /** fast-check runs of each property. */
  numRuns?: number;
}

/** Every repository, unit-of-work and lexical-index contract against one store. */
export function repositoryContracts(
  name: string,
  makeSubject: MakeRepositorySubject,
  options: RepositoryContractOptions = {},
): void {
  userRepositoryContract(name, async () => (await makeSubject()).repositories.users);
  accountRepositoryContract(name, makeSubject);
  refreshTokenRepositoryContract(name, makeSubject, options.parallelism);
  projectRepositoryContract(name, makeSubject, options);
  documentRepositoryContract(name, makeSubject, options);
  documentLeaseContract(name, makeSubject);
  conversationRepositoryContract(name, makeSubject);
  usageRepositoryContract(name, makeSubject, options);
  tokenBudgetContract(name, makeSubject, options.numRuns);
  idempotencyRepositoryContract(name, makeSubject);
  unitOfWorkContract(name, makeSubject);
  lexicalIndexContract(name, makeSubject);
  auditLogContract(name, makeSubject);
}
