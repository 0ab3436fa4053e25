import { makeChunk, makeDocument, seedProject } from '@chatbuddy/core/testing';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect } from 'vitest';
import type { PostgresPersistence } from '../postgres-persistence.js';
import { toChunkRow } from '../repositories/chunk-rows.js';
import { itOnEachDatabase } from '../testing/on-each-database.js';
import { migrationProvider } from './index.js';

/** The posting statement as it was before 2026-12-01T2100 (one row per chunk and lexeme). */
const writeOldPostings = (
  persistence: PostgresPersistence,
  projectId: string,
  documentId: string,
  title: string,
) =>
  sql`
    insert into lexical_postings (project_id, lexeme, chunk_id, document_id, tf, chunk_length)
    select ${projectId}::uuid, lexeme, chunk_id, ${documentId}::uuid, tf, sum(tf) over (partition by chunk_id)
    from (
      select c.id as chunk_id, t.lexeme, coalesce(array_length(t.positions, 1), 1) as tf
      from document_chunks c
      cross join lateral unnest(to_tsvector('english'::regconfig, concat_ws(' ', ${title}::text,
        (select string_agg(heading, ' ') from jsonb_array_elements_text(c.heading_path) heading
          where heading <> ${title}::text),
        c.text))) t
      where c.document_id = ${documentId}::uuid) terms`.execute(persistence.db);

type Terms = Record<string, { length: number; tf: Record<string, number> }>;
const readTerms = async (persistence: PostgresPersistence): Promise<Terms> => {
  const rows = await sql<{ chunk_id: string; chunk_length: number; lexemes: string[]; tfs: number[] }>`
    select chunk_id, chunk_length, lexemes, tfs from lexical_chunk_terms`.execute(persistence.db);
  return Object.fromEntries(
    rows.rows.map((row) => [
      row.chunk_id,
      {
        length: row.chunk_length,
        tf: Object.fromEntries(row.lexemes.map((lexeme, index) => [lexeme, row.tfs[index]!])),
      },
    ]),
  );
};

/**
 * Postings written before the migration become one row per chunk, the same terms the current
 * code writes; the old table, its trigger and its function are gone and deletions still cascade.
 */
async function convertsPostings(persistence: PostgresPersistence): Promise<void> {
  const migrator = new Migrator({ db: persistence.db, provider: migrationProvider });
  const { error } = await migrator.migrateTo('2026-12-01T1730-lighten-lexical-postings');
  if (error) throw error;
  const { repositories } = persistence;
  const project = await seedProject(repositories);
  const document = await repositories.documents.create(makeDocument(project.id, { title: 'Refunds' }));
  const chunks = [
    {
      ...makeChunk(project.id, document.id, 0, 'Refunds are refunded within days.'),
      headingPath: ['Refunds', 'Forms'],
    },
    makeChunk(project.id, document.id, 1, 'Shipping takes three days; shipping is free.'),
    { ...makeChunk(project.id, document.id, 2, 'the and of'), headingPath: [] },
  ];
  await persistence.db
    .insertInto('document_chunks')
    .values(chunks.map((chunk) => toChunkRow(chunk, project.id, document.id)))
    .execute();
  await writeOldPostings(persistence, project.id, document.id, 'Refunds');

  await persistence.migrate();
  const converted = await readTerms(persistence);
  expect(Object.keys(converted).sort()).toEqual(chunks.map((chunk) => chunk.id).sort());
  expect(converted[chunks[0]!.id]).toEqual({ length: 6, tf: { refund: 3, form: 1, within: 1, day: 1 } });
  // The same rows as the current code writes for the same chunks.
  await repositories.documents.replaceChunks(project.id, document.id, chunks);
  expect(await readTerms(persistence)).toEqual(converted);

  const remaining = await sql<{ tables: number; functions: number }>`
    select (select count(*)::int from information_schema.tables where table_name = 'lexical_postings') as tables,
           (select count(*)::int from pg_proc where proname = 'lexical_postings_drop_deleted_documents') as functions`.execute(
    persistence.db,
  );
  expect(remaining.rows[0]).toEqual({ tables: 0, functions: 0 });
  await sql`delete from documents where id = ${document.id}::uuid`.execute(persistence.db);
  expect(await readTerms(persistence)).toEqual({});
}

describe('migration 2026-12-01T2100 on existing postings', () => {
  itOnEachDatabase('converts them', convertsPostings);
});
