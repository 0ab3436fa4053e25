import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Every authenticated request asks whether its session (refresh-token family) was revoked. A
 * live family can hold thousands of rotated rows; this partial index holds only revoked ones,
 * so the answer is one index probe whatever the family's length.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'create index refresh_tokens_revoked_family_idx on refresh_tokens (family_id) where revoked_at is not null',
  ]);
}
