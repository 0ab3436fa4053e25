import type { LeadNotificationFacts } from '@chatbuddy/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/index.js';

interface LeadNotificationRow {
  delivered: number;
  failed: number;
  failed_at: Date | null;
  event: string | null;
  attempts: number | null;
  response_status: number | null;
  error: string | null;
}

/**
 * Webhook deliveries of a project since `since`, counted by status, with the latest failure
 * (both read on the `(project_id, created_at desc, id desc)` index).
 */
export async function readLeadNotifications(
  db: Kysely<Database>,
  projectId: string,
  since: Date,
): Promise<LeadNotificationFacts> {
  const result = await sql<LeadNotificationRow>`
    select t.delivered, t.failed, l.created_at as failed_at, l.event, l.attempts, l.response_status, l.error
    from (
      select count(*) filter (where status = 'delivered')::int as delivered,
        count(*) filter (where status = 'failed')::int as failed
      from webhook_deliveries where project_id = ${projectId} and created_at >= ${since}) t
    left join lateral (
      select created_at, event, attempts, response_status, error from webhook_deliveries
      where project_id = ${projectId} and status = 'failed' and created_at >= ${since}
      order by created_at desc, id desc limit 1) l on true`.execute(db);
  const row = result.rows[0]!;
  return {
    delivered: row.delivered,
    failed: row.failed,
    lastFailure:
      row.failed_at === null
        ? null
        : {
            at: new Date(row.failed_at),
            event: row.event!,
            attempts: row.attempts!,
            responseStatus: row.response_status,
            error: row.error,
          },
  };
}
