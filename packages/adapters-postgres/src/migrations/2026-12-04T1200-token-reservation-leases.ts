import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Token reservations as leases: each model call's reservation is a row that vouches for its tokens
 * until `expires_at`. Settling or releasing the call deletes the row and gives its tokens back
 * once; a sweep gives back those a stopped process left behind. Reservations made before leases
 * existed cannot be told from ones left behind, so the counter starts again from zero.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table token_reservations (
      id uuid primary key,
      project_id uuid not null references projects(id) on delete cascade,
      tokens bigint not null check (tokens >= 0),
      expires_at timestamptz not null
    )`,
    'create index token_reservations_expiry_idx on token_reservations (expires_at)',
    'create index token_reservations_project_idx on token_reservations (project_id)',
    'update projects set tokens_reserved = 0 where tokens_reserved <> 0',
  ]);
}
