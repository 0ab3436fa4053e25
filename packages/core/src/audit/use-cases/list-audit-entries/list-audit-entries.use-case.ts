import { type Caller, requireAdmin } from '../../../shared/caller.js';
import type { Page } from '../../../shared/common.js';
import type { AuditLog } from '../../../ports/audit-log.port.js';
import { type AuditEntryView, toAuditEntryView } from '../../audit-entry.js';
import type { ListAuditEntriesInput } from './list-audit-entries.input.js';

/**
 * The audit log, newest first, filtered by action and time. Admins only over HTTP; an operator
 * on the host (CLI) passes no caller.
 */
export class ListAuditEntries {
  constructor(private readonly log: AuditLog) {}

  async execute(input: ListAuditEntriesInput, caller?: Caller): Promise<Page<AuditEntryView>> {
    if (caller) requireAdmin(caller);
    const page = await this.log.list(
      {
        ...(input.action && { actions: input.action }),
        ...(input.since && { since: new Date(input.since) }),
        ...(input.until && { until: new Date(input.until) }),
      },
      { limit: input.limit, cursor: input.cursor ?? null },
    );
    return { items: page.items.map(toAuditEntryView), nextCursor: page.nextCursor };
  }
}
