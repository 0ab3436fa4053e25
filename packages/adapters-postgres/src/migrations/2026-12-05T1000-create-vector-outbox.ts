import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Vectors bound for a vector store outside the database (Chroma), written in the transaction
 * that swaps their chunk rows and sent on in batches by a background writer; searches read them
 * here until they are sent (docs/decisions/0043-vector-outbox.md). `embedding` holds the vector's
 * float4 values, little-endian.
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
    )`,
    'create index vector_outbox_project_idx on vector_outbox (project_id, document_id)',
  ]);
}
