import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/index.js';
import { isUuid } from './keyset.js';

/** The tables of one-time codes: account codes and lead codes. */
type CodeTable = 'otps' | 'assistant_lead_otps';

/** Counts one wrong guess at the code `id` in one statement; returns the new count (0 when unknown). */
export async function recordCodeAttempt(db: Kysely<Database>, table: CodeTable, id: string): Promise<number> {
  if (!isUuid(id)) return 0;
  const row = await db
    .updateTable(table)
    .set({ attempts: sql<number>`attempts + 1` })
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirst();
  return row?.attempts ?? 0;
}

/**
 * Marks the code `id` used, compare-and-set: under concurrency the row lock makes every other
 * caller see `consumed_at` set. True for the one caller that consumed it.
 */
export async function consumeCode(
  db: Kysely<Database>,
  table: CodeTable,
  id: string,
  at: Date,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await db
    .updateTable(table)
    .set({ consumed_at: at })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
