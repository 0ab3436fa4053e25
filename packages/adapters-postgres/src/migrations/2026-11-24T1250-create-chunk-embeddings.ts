import { type Kysely, sql } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Chunk vectors on pgvector. Skipped where the `vector` extension is not installable (a server
 * without pgvector uses another vector store); vectors of any dimension share one column, and
 * queries scan a project's rows of the query's dimension exactly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const available = await sql<{ available: boolean }>`
    select exists (select 1 from pg_available_extensions where name = 'vector') as available`.execute(db);
  if (!available.rows[0]?.available) return;
  await runStatements(db, [
    'create extension if not exists vector',
    `create table chunk_embeddings (
      chunk_id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      document_id uuid not null references documents (id) on delete cascade,
      dimensions integer not null,
      embedding vector not null,
      chunk jsonb not null)`,
    'create index chunk_embeddings_project_idx on chunk_embeddings (project_id, dimensions, document_id)',
    'create index chunk_embeddings_document_idx on chunk_embeddings (document_id)',
  ]);
}
