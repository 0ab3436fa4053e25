import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * A per-project change feed of the search data (chunk postings and vectors), read by in-process
 * search mirrors to stay exact. Every write bumps the project's generation (a row lock, so a
 * project's generations commit in order) and appends the documents it touched (null: all).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table search_index_generations (
      project_id uuid primary key references projects (id) on delete cascade,
      generation bigint not null)`,
    `create table search_index_changes (
      project_id uuid not null references projects (id) on delete cascade,
      generation bigint not null,
      document_ids uuid[],
      changed_at timestamptz not null default now(),
      primary key (project_id, generation))`,
    'insert into search_index_generations (project_id, generation) select id, 0 from projects',
  ]);
}
