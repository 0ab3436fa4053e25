import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The audit log: append-only, no foreign keys (an entry outlives the user or project it names).
 * Listings go newest first, optionally by action; the keyset index serves both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table audit_log (
      id uuid primary key,
      action text not null,
      actor_id uuid,
      target_type text,
      target_id text,
      request_id text,
      client_ip text,
      details jsonb not null default '{}',
      created_at timestamptz not null)`,
    'create index audit_log_recent_idx on audit_log (created_at desc, id desc)',
    'create index audit_log_action_idx on audit_log (action, created_at desc, id desc)',
  ]);
}
