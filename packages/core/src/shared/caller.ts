import type { UserId } from './common.js';
import { DomainError } from './domain-error.js';

/** Who calls a dashboard use case: enough of a signed-in user to decide what they may do. */
export interface Caller {
  id: UserId;
  role: 'admin' | 'user';
}

/** Administration (users, the audit log) is for admins: anyone else is refused with 403. */
export function requireAdmin(caller: Caller): void {
  if (caller.role !== 'admin') throw new DomainError('forbidden', 'Only administrators may do this');
}
