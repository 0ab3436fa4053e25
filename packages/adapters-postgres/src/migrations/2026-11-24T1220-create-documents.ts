import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** Documents, their chunks, and the BM25 inverted index (postings + per-project statistics). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table documents (
      id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      title text not null,
      content text not null,
      content_hash text not null,
      mime_type text not null,
      filename text,
      metadata jsonb not null,
      status text not null check (status in ('pending', 'indexing', 'ready', 'failed')),
      failure_reason text,
      chunk_count integer not null,
      embedding_model text,
      version integer not null,
      size_bytes bigint not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      indexed_at timestamptz,
      constraint documents_project_content_hash_key unique (project_id, content_hash))`,
    'create index documents_project_idx on documents (project_id, created_at desc, id desc)',
    `create index documents_unfinished_idx on documents (status, created_at) where status <> 'ready'`,
    `create table document_chunks (
      id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      document_id uuid not null references documents (id) on delete cascade,
      position integer not null,
      text text not null,
      heading_path jsonb not null,
      token_count integer not null,
      char_start integer not null,
      char_end integer not null,
      metadata jsonb not null)`,
    'create index document_chunks_document_idx on document_chunks (document_id, position)',
    'create index document_chunks_project_idx on document_chunks (project_id)',
    `create table lexical_postings (
      project_id uuid not null,
      lexeme text not null,
      chunk_id uuid not null,
      document_id uuid not null references documents (id) on delete cascade,
      tf integer not null,
      chunk_length integer not null,
      primary key (project_id, lexeme, chunk_id))`,
    'create index lexical_postings_document_idx on lexical_postings (document_id)',
    `create table lexical_statistics (
      project_id uuid primary key references projects (id) on delete cascade,
      chunk_count bigint not null,
      total_length bigint not null)`,
  ]);
}
