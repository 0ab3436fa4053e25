import { type Kysely, sql } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * One foreign key per chunk row instead of two (docs/decisions/0031-one-reference-per-chunk-row.md).
 * `document_chunks` and `chunk_embeddings` referenced their project and their document
 * separately: two checks for each row an upload writes, each a statement of its own inside the
 * database. One composite key `(project_id, document_id)` → `documents (project_id, id)` does
 * both jobs and more: the row's document must exist and belong to the row's project. The cascade
 * is the same (deleting a project deletes its documents, which delete their rows).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const vectors = await sql<{ present: boolean }>`
    select to_regclass('chunk_embeddings') is not null as present`.execute(db);
  const rereference = (table: string) => [
    `alter table ${table} drop constraint ${table}_project_id_fkey`,
    `alter table ${table} drop constraint ${table}_document_id_fkey`,
    `alter table ${table} add constraint ${table}_document_id_fkey foreign key (project_id, document_id)
      references documents (project_id, id) on delete cascade`,
  ];
  await runStatements(db, [
    'alter table documents add constraint documents_project_document_key unique (project_id, id)',
    ...rereference('document_chunks'),
    ...(vectors.rows[0]?.present ? rereference('chunk_embeddings') : []),
  ]);
}
