import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Cheaper posting writes (docs/decisions/0016-ingestion-write-path.md). Each posting row paid
 * for three B-tree inserts and a foreign-key check, about half the cost of indexing a document:
 * - the primary key and the covering index had the same leading columns, so one unique covering
 *   index `(project_id, lexeme, chunk_id) include (document_id, tf, chunk_length)` does both jobs
 *   (BM25 reads a lexeme's postings from it by its prefix, as before);
 * - the per-row foreign key to `documents` becomes one statement-level trigger that deletes the
 *   postings of deleted documents (the cascade it gave, also when a project is deleted). Postings
 *   are only written from a document's own chunk rows, in the transaction that holds its row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table lexical_postings drop constraint lexical_postings_document_id_fkey',
    'alter table lexical_postings drop constraint lexical_postings_pkey',
    'drop index lexical_postings_lexeme_idx',
    `create unique index lexical_postings_lexeme_idx on lexical_postings (project_id, lexeme, chunk_id)
      include (document_id, tf, chunk_length)`,
    `create function lexical_postings_drop_deleted_documents() returns trigger language plpgsql as $$
      begin
        delete from lexical_postings where document_id in (select id from deleted_documents);
        return null;
      end $$`,
    `create trigger documents_drop_lexical_postings after delete on documents
      referencing old table as deleted_documents
      for each statement execute function lexical_postings_drop_deleted_documents()`,
  ]);
}
