import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Deleted projects whose vectors may still be in a vector store outside the database (Chroma):
 * noted by the statement that deletes the project, cleared once the vectors are dropped, so a
 * process stopped in between leaves work for the repair job instead of an orphan collection.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table deleted_projects (
      project_id uuid primary key,
      deleted_at timestamptz not null
    )`,
  ]);
}
