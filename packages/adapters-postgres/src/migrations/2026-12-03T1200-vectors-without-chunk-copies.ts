import { type Kysely, sql } from 'kysely';

/**
 * Vectors keep no copy of their chunk (docs/decisions/0036-vectors-without-chunk-copies.md):
 * every vector's chunk is a row of `document_chunks`, written in the same transaction, and
 * queries read it there. Dropping the column is a change of the catalogue only; the space of the
 * old copies is reused as rows are rewritten and vacuumed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const vectors = await sql<{ present: boolean }>`
    select to_regclass('chunk_embeddings') is not null as present`.execute(db);
  if (!vectors.rows[0]?.present) return;
  await sql`alter table chunk_embeddings drop column if exists chunk`.execute(db);
}
