import type { AuditEntry, AuditFilter } from '../audit/audit-entry.js';
import type { AuditLog } from '../ports/audit-log.port.js';
import type { Page, PageRequest } from '../shared/common.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import { paginate } from './paging.js';

function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  const at = entry.createdAt.getTime();
  return (
    (!filter.actions || filter.actions.includes(entry.action)) &&
    (filter.actorId === undefined || entry.actorId === filter.actorId) &&
    (!filter.since || at >= filter.since.getTime()) &&
    (!filter.until || at < filter.until.getTime())
  );
}

/** The audit log in memory (a table of the shared in-memory database, so transactions cover it). */
export class InMemoryAuditLog implements AuditLog {
  constructor(private readonly db: InMemoryDatabase) {}

  async record(entry: AuditEntry): Promise<void> {
    this.db.tables.auditEntries.push(structuredClone(entry));
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const rows = this.db.tables.auditEntries.filter((entry) => matches(entry, filter));
    return structuredClone(paginate(rows, page));
  }
}
