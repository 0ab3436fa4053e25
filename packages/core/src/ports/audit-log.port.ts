import type { Page, PageRequest } from '../shared/common.js';
import type { AuditEntry, AuditFilter } from '../audit/index.js';

/** The append-only audit log of security-relevant actions. */
export const AuditLog = Symbol.for('chatbuddy.AuditLog');
export interface AuditLog {
  /** Appends one entry (inside the caller's transaction when bound to one). */
  record(entry: AuditEntry): Promise<void>;
  /**
   * Entries matching `filter`, newest first (ties by id), one keyset page at a time.
   * @throws DomainError `invalid_input` for a cursor this log did not make.
   */
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}
