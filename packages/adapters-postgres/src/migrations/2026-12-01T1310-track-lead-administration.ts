import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Lead administration: outcomes of webhook deliveries (failures stay visible to analytics), and
 * indexes for the retention pass, which looks for leads and conversations inactive since a cutoff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table webhook_deliveries (
      id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      event text not null,
      lead_id uuid,
      status text not null check (status in ('delivered', 'failed')),
      attempts integer not null,
      response_status integer,
      error text,
      created_at timestamptz not null)`,
    'create index webhook_deliveries_project_idx on webhook_deliveries (project_id, created_at desc, id desc)',
    'create index assistant_leads_activity_idx on assistant_leads (project_id, updated_at)',
    'create index conversations_activity_idx on conversations (project_id, updated_at)',
  ]);
}
