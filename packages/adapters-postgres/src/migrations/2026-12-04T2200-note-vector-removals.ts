import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Vectors of replaced chunks to remove from a vector store outside the database transaction:
 * noted by the swap that replaces the chunk rows, cleared once the vectors are removed, so a
 * process stopped in between leaves work for the repair pass instead of vectors without rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table vector_removals (
      chunk_id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      noted_at timestamptz not null
    )`,
    'create index vector_removals_noted_at_idx on vector_removals (noted_at)',
  ]);
}
