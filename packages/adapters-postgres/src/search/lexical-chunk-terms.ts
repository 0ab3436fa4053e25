import { type Insertable, type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { DocumentChunkRow } from '../schema/document-chunks.js';
import type { DocumentRow } from '../schema/documents.js';
import type { Database } from '../schema/index.js';
import { changeFeedEntry, recordSearchChange } from '../search-mirror/change-feed.js';

/**
 * Maintenance of the BM25 index. Always called inside the transaction that writes the chunk rows,
 * so readers see old chunks with old terms or new chunks with new terms.
 *
 * Each chunk is analysed as "document title + heading path + chunk text" with PostgreSQL's
 * `english` text-search configuration (Snowball stemming, stop words dropped) into one row of
 * `lexical_chunk_terms`: its lexemes, their term frequencies (number of positions) in the same
 * order, and the chunk's analysed length (the sum of the frequencies). One row per chunk, not per
 * (chunk, lexeme): an upload writes twenty rows per document instead of two thousand
 * (docs/decisions/0019-chunk-term-rows.md). A chunk without any lexeme has no row.
 *
 * `replaced` is given when the caller has already deleted the document's terms (and maybe
 * changed its chunk rows) in this transaction: what was removed, so the statistics and the change
 * feed are written once, with the net change. With `newRows`, the statement also inserts those
 * chunk rows and indexes them with the rows already there (one round trip for both).
 */
export async function indexDocumentChunks(
  db: Kysely<Database>,
  projectId: string,
  documentId: string,
  title: string,
  replaced?: ReplacedTerms,
  newRows?: readonly Insertable<DocumentChunkRow>[],
): Promise<void> {
  const removedLength = replaced ? replaced.removedLength : await deleteTerms(db, documentId);
  const chunkDelta = replaced?.chunkDelta ?? 0;
  const stored = sql`select id, heading_path, text from document_chunks where document_id = ${documentId}::uuid`;
  // Rows inserted by a part of the statement are not seen by its other parts, so the new ones
  // come from the insert's `returning` and the earlier ones from the table.
  const source =
    newRows && newRows.length > 0
      ? sql`new_rows as (${insertChunkRows(newRows)} returning id, heading_path, text),
    analysed_rows as (select id, heading_path, text from new_rows union all ${stored}),`
      : sql`analysed_rows as (${stored}),`;
  // One statement: the new term rows, the statistics' net change and the change feed's entry.
  // Every part of a data-modifying `with` runs once, whether or not the final select reads it.
  await sql`
    with ${source}
    inserted as (
      insert into lexical_chunk_terms (chunk_id, project_id, document_id, chunk_length, lexemes, tfs)
      select c.id, ${projectId}::uuid, ${documentId}::uuid, terms.length, terms.lexemes, terms.tfs
      from analysed_rows c
      cross join lateral ${analysed(sql`${title}::text`)} terms
      where terms.lexemes is not null
      returning chunk_length),
    delta as (
      select ${chunkDelta}::bigint as chunks,
        coalesce((select sum(chunk_length) from inserted), 0)::bigint - ${removedLength}::bigint as length),
    ${statisticsEntry(projectId)},
    ${changeFeedEntry(projectId, [documentId])}
    select 1`.execute(db);
}

/** The columns of a document marked `ready` by its indexing (`ReplaceChunksOptions.markReady`). */
export interface ReadyColumns {
  status: 'ready';
  failure_reason: null;
  chunk_count: number;
  embedding_model: string;
  version: number;
  indexed_at: Date;
  lease_expires_at: null;
  updated_at: Date;
}

/** What `indexFirstChunks` found, and the document it marked ready. */
export interface FirstIndexing {
  /** The version the document had: 0 when everything was written, else nothing was. */
  version: number;
  /** The document after it was marked ready (with `ready`, at version 0), else null. */
  document: Selectable<DocumentRow> | null;
}

/**
 * A document's first indexing in one statement: locks the document and, if it is still at
 * version 0, inserts `rows` (at least one) with their terms, the statistics' change and the
 * change feed's entry, and with `ready` marks it ready. Returns the version it found (0: all
 * written; another: nothing written, the caller replaces the usual way) with the document marked
 * ready, or null when the document does not exist.
 */
export async function indexFirstChunks(
  db: Kysely<Database>,
  projectId: string,
  documentId: string,
  rows: readonly Insertable<DocumentChunkRow>[],
  ready?: ReadyColumns,
  expectedContentHash?: string,
): Promise<FirstIndexing | null> {
  // Rows of a content replaced since the run read it are not written: the document's row, locked,
  // is taken as not at version 0 (the caller then finds the run superseded).
  const current =
    expectedContentHash === undefined
      ? sql`version`
      : sql`case when content_hash = ${expectedContentHash}::text then version else -1 end`;
  const marked = ready
    ? sql`,
    updated as (
      update documents set status = ${ready.status}, failure_reason = null,
        chunk_count = ${ready.chunk_count}::integer, embedding_model = ${ready.embedding_model}::text,
        version = ${ready.version}::integer, indexed_at = ${ready.indexed_at}::timestamptz,
        lease_expires_at = null, updated_at = ${ready.updated_at}::timestamptz
      where project_id = ${projectId}::uuid and id = ${documentId}::uuid and (select version from doc) = 0
      returning *)
    select (select version from doc) as found_version, updated.*
    from (select 1) as one left join updated on true`
    : sql`
    select (select version from doc) as found_version`;
  const result = await sql<{ found_version: number | null } & Partial<Selectable<DocumentRow>>>`
    with doc as (
      select title, ${current} as version from documents
      where project_id = ${projectId}::uuid and id = ${documentId}::uuid
      for update),
    new_rows as (
      insert into document_chunks
        (id, project_id, document_id, position, text, heading_path, token_count, char_start, char_end, metadata)
      select * from (values ${chunkRowValues(rows)}) as v
      where (select version from doc) = 0
      returning id, heading_path, text),
    inserted as (
      insert into lexical_chunk_terms (chunk_id, project_id, document_id, chunk_length, lexemes, tfs)
      select c.id, ${projectId}::uuid, ${documentId}::uuid, terms.length, terms.lexemes, terms.tfs
      from new_rows c
      cross join lateral ${analysed(sql`(select title from doc)`)} terms
      where terms.lexemes is not null
      returning chunk_length),
    delta as (
      select (select count(*) from new_rows)::bigint as chunks,
        coalesce((select sum(chunk_length) from inserted), 0)::bigint as length),
    ${statisticsEntry(projectId)},
    ${changeFeedEntry(projectId, [documentId], sql`exists (select 1 from new_rows)`)}${marked}`.execute(db);
  const row = result.rows[0];
  if (!row || row.found_version === undefined || row.found_version === null) return null;
  const { found_version: version, ...document } = row;
  return {
    version: Number(version),
    document: document.id ? (document as Selectable<DocumentRow>) : null,
  };
}

/**
 * The terms of one chunk row `c` (columns `heading_path` and `text`) as a `lateral` subquery:
 * its analysed length, lexemes and their frequencies, the title (`title`, an SQL text value)
 * and the headings other than the title analysed with the text.
 */
function analysed(title: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(
        select sum(tf)::int as length, array_agg(lexeme) as lexemes, array_agg(tf) as tfs
        from (
          select t.lexeme, coalesce(array_length(t.positions, 1), 1) as tf
          from unnest(to_tsvector('english'::regconfig, concat_ws(' ',
            ${title},
            (select string_agg(heading, ' ') from jsonb_array_elements_text(c.heading_path) heading
              where heading <> ${title}),
            c.text))) t) analysed)`;
}

/** `insert into document_chunks … values …` for `rows` (at least one). */
export function insertChunkRows(rows: readonly Insertable<DocumentChunkRow>[]): RawBuilder<unknown> {
  return sql`insert into document_chunks
      (id, project_id, document_id, position, text, heading_path, token_count, char_start, char_end, metadata)
      values ${chunkRowValues(rows)}`;
}

/**
 * The rows as a `values` list in `document_chunks` column order, each value cast to its column's
 * type (so the list also stands outside an insert, where nothing else gives the types).
 */
function chunkRowValues(rows: readonly Insertable<DocumentChunkRow>[]): RawBuilder<unknown> {
  return sql.join(
    rows.map(
      (row) =>
        sql`(${row.id}::uuid, ${row.project_id}::uuid, ${row.document_id}::uuid, ${row.position}::integer,
        ${row.text}::text, ${row.heading_path}::jsonb, ${row.token_count}::integer, ${row.char_start}::integer,
        ${row.char_end}::integer, ${row.metadata}::jsonb)`,
    ),
  );
}

/** What a caller already removed before `indexDocumentChunks` writes the new terms. */
export interface ReplacedTerms {
  /** Analysed length of the deleted term rows (from `deleteTerms`). */
  removedLength: number;
  /** New chunk rows minus deleted ones. */
  chunkDelta: number;
}

/** Adds deltas to the project's collection statistics (atomic upsert; creates the row). */
export async function adjustStatistics(
  db: Kysely<Database>,
  projectId: string,
  chunkDelta: number,
  lengthDelta: number,
): Promise<void> {
  if (chunkDelta === 0 && lengthDelta === 0) return;
  await sql`
    with delta as (select ${chunkDelta}::bigint as chunks, ${lengthDelta}::bigint as length),
    ${statisticsEntry(projectId)}
    select 1`.execute(db);
}

/**
 * The statistics' upsert as a part of a `with` clause (`statistics`) that adds the row of a
 * `delta (chunks, length)` part before it; nothing is written when both are 0.
 */
function statisticsEntry(projectId: string): RawBuilder<unknown> {
  return sql`statistics as (
      insert into lexical_statistics (project_id, chunk_count, total_length)
      select ${projectId}::uuid, delta.chunks, delta.length from delta
      where delta.chunks <> 0 or delta.length <> 0
      on conflict (project_id) do update set
        chunk_count = lexical_statistics.chunk_count + excluded.chunk_count,
        total_length = lexical_statistics.total_length + excluded.total_length)`;
}

/** Removes a document's terms and its share of the statistics (before its rows go). */
export async function unindexDocument(
  db: Kysely<Database>,
  projectId: string,
  documentId: string,
): Promise<void> {
  const removedLength = await deleteTerms(db, documentId);
  const chunks = await sql<{ count: number }>`
    select count(*)::int as count from document_chunks where document_id = ${documentId}::uuid`.execute(db);
  await adjustStatistics(db, projectId, -Number(chunks.rows[0]?.count ?? 0), -removedLength);
  await recordSearchChange(db, projectId, [documentId]);
}

/** Deletes a document's term rows and returns the analysed length they accounted for. */
export async function deleteTerms(db: Kysely<Database>, documentId: string): Promise<number> {
  const removed = await sql<{ length: number | null }>`
    with deleted as (delete from lexical_chunk_terms where document_id = ${documentId}::uuid returning chunk_length)
    select sum(chunk_length)::bigint as length from deleted`.execute(db);
  return Number(removed.rows[0]?.length ?? 0);
}

/**
 * Deletes a document's chunk rows and their term rows in one statement; returns the analysed
 * length the terms accounted for and the number of chunk rows.
 */
export async function deleteChunkRows(
  db: Kysely<Database>,
  documentId: string,
): Promise<{ length: number; chunks: number }> {
  const removed = await sql<{ length: number | null; chunks: number }>`
    with terms as (delete from lexical_chunk_terms where document_id = ${documentId}::uuid returning chunk_length),
    rows as (delete from document_chunks where document_id = ${documentId}::uuid returning 1)
    select (select sum(chunk_length) from terms)::bigint as length, (select count(*) from rows)::int as chunks`.execute(
    db,
  );
  return { length: Number(removed.rows[0]?.length ?? 0), chunks: Number(removed.rows[0]?.chunks ?? 0) };
}
