import type { AuditEntry, AuditFilter, AuditLog, Page, PageRequest } from '@chatbuddy/core';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLogRow } from '../schema/audit-log.js';
import type { Database } from '../schema/index.js';
import { afterCursor, fetchSize, isUuid, toPage } from './keyset.js';

function toEntry(row: Selectable<AuditLogRow>): AuditEntry {
  return {
    id: row.id,
    action: row.action as AuditEntry['action'],
    actorId: row.actor_id,
    targetType: row.target_type as AuditEntry['targetType'],
    targetId: row.target_id,
    requestId: row.request_id,
    clientIp: row.client_ip,
    details: row.details,
    createdAt: row.created_at,
  };
}

/** The audit log on PostgreSQL / PGlite (table `audit_log`). */
export class KyselyAuditLog implements AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        id: entry.id,
        action: entry.action,
        actor_id: entry.actorId,
        target_type: entry.targetType,
        target_id: entry.targetId,
        request_id: entry.requestId,
        client_ip: entry.clientIp,
        details: JSON.stringify(entry.details),
        created_at: entry.createdAt,
      })
      .execute();
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    if (filter.actorId !== undefined && !isUuid(filter.actorId)) return { items: [], nextCursor: null };
    let query = this.db.selectFrom('audit_log').selectAll().where(afterCursor(page));
    if (filter.actions) query = query.where('action', 'in', [...filter.actions]);
    if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
    if (filter.since) query = query.where('created_at', '>=', filter.since);
    if (filter.until) query = query.where('created_at', '<', filter.until);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(fetchSize(page))
      .execute();
    return toPage(rows.map(toEntry), page);
  }
}
