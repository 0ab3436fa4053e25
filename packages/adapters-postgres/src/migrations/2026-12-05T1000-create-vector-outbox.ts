import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Vectors bound for a vector store outside the database (Chroma), written in the transaction
 * that swaps their chunk rows and sent on in batches by a background writer; searches read them
 * here until they are sent (docs/decisions/0043-vector-outbox.md). `embedding` holds the vector's
 * float4 values, little-endian. A queue table: every row is deleted soon after it is written, so
 * autovacuum takes it after 1,000 dead rows whatever its size, not after a fifth of it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table vector_outbox (
      seq bigint generated always as identity primary key,
      chunk_id uuid not null unique,
      project_id uuid not null references projects (id) on delete cascade,
      document_id uuid not null,
      dimensions integer not null,
      embedding bytea not null
    ) with (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
      autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000)`,
    'create index vector_outbox_project_idx on vector_outbox (project_id, document_id)',
  ]);
}
