import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * One row of BM25 terms per chunk instead of one posting per (chunk, lexeme)
 * (docs/decisions/0019-chunk-term-rows.md): `lexical_chunk_terms` holds a chunk's lexemes, their
 * term frequencies in the same order and its analysed length. An upload writes about a hundredth
 * of the rows and index entries it wrote before. A foreign key to the chunk row (cascading) gives
 * the deletion semantics of the posting table's delete trigger: deleting a chunk, a document or a
 * project removes its terms. Existing postings are converted chunk by chunk; the posting table,
 * its trigger and the trigger's function go.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table lexical_chunk_terms (
      chunk_id uuid primary key references document_chunks (id) on delete cascade,
      project_id uuid not null,
      document_id uuid not null,
      chunk_length integer not null,
      lexemes text[] not null,
      tfs integer[] not null)`,
    `insert into lexical_chunk_terms (chunk_id, project_id, document_id, chunk_length, lexemes, tfs)
      select p.chunk_id, p.project_id, p.document_id, p.chunk_length,
             array_agg(p.lexeme order by p.lexeme), array_agg(p.tf order by p.lexeme)
      from lexical_postings p join document_chunks c on c.id = p.chunk_id
      group by p.chunk_id, p.project_id, p.document_id, p.chunk_length`,
    'create index lexical_chunk_terms_document_idx on lexical_chunk_terms (document_id)',
    'create index lexical_chunk_terms_lexemes_idx on lexical_chunk_terms using gin (lexemes)',
    'drop trigger documents_drop_lexical_postings on documents',
    'drop function lexical_postings_drop_deleted_documents()',
    'drop table lexical_postings',
  ]);
}
