import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The indexing lease: until when the instance indexing a document vouches for it (renewed while
 * the run lasts). Unfinished documents whose lease expired were abandoned by a stopped process.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table documents add column lease_expires_at timestamptz']);
}
