import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/index.js';
import { recordSearchChange } from '../search-mirror/change-feed.js';

/**
 * Maintenance of the BM25 inverted index. Always called inside the transaction that writes the
 * chunk rows, so readers see old chunks with old postings or new chunks with new postings.
 *
 * Each chunk is analysed as "document title + heading path + chunk text" with PostgreSQL's
 * `english` text-search configuration (Snowball stemming, stop words dropped). A posting stores
 * the lexeme's term frequency and the chunk's analysed length, so a query reads only postings.
 *
 * `replaced` is given when the caller has already deleted the document's postings (and maybe
 * changed its chunk rows) in this transaction: what was removed, so the statistics and the change
 * feed are written once, with the net change.
 */
export async function indexDocumentChunks(
  db: Kysely<Database>,
  projectId: string,
  documentId: string,
  title: string,
  replaced?: ReplacedPostings,
): Promise<void> {
  const removedLength = replaced ? replaced.removedLength : await deletePostings(db, documentId);
  const added = await sql<{ length: number | null }>`
    with terms as (
      select c.id as chunk_id, t.lexeme, coalesce(array_length(t.positions, 1), 1) as tf
      from document_chunks c
      cross join lateral unnest(to_tsvector('english'::regconfig, concat_ws(' ',
        ${title}::text,
        (select string_agg(heading, ' ') from jsonb_array_elements_text(c.heading_path) heading
          where heading <> ${title}::text),
        c.text))) t
      where c.document_id = ${documentId}::uuid),
    inserted as (
      insert into lexical_postings (project_id, lexeme, chunk_id, document_id, tf, chunk_length)
      select ${projectId}::uuid, lexeme, chunk_id, ${documentId}::uuid, tf, sum(tf) over (partition by chunk_id)
      from terms
      returning tf)
    select sum(tf)::bigint as length from inserted`.execute(db);
  const addedLength = Number(added.rows[0]?.length ?? 0);
  await adjustStatistics(db, projectId, replaced?.chunkDelta ?? 0, addedLength - removedLength);
  await recordSearchChange(db, projectId, [documentId]);
}

/** What a caller already removed before `indexDocumentChunks` writes the new postings. */
export interface ReplacedPostings {
  /** Analysed length of the deleted postings (from `deletePostings`). */
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
    insert into lexical_statistics (project_id, chunk_count, total_length)
    values (${projectId}::uuid, ${chunkDelta}, ${lengthDelta})
    on conflict (project_id) do update set
      chunk_count = lexical_statistics.chunk_count + excluded.chunk_count,
      total_length = lexical_statistics.total_length + excluded.total_length`.execute(db);
}

/** Removes a document's postings and its share of the statistics (before its rows go). */
export async function unindexDocument(
  db: Kysely<Database>,
  projectId: string,
  documentId: string,
): Promise<void> {
  const removedLength = await deletePostings(db, documentId);
  const chunks = await sql<{ count: number }>`
    select count(*)::int as count from document_chunks where document_id = ${documentId}::uuid`.execute(db);
  await adjustStatistics(db, projectId, -Number(chunks.rows[0]?.count ?? 0), -removedLength);
  await recordSearchChange(db, projectId, [documentId]);
}

/** Deletes a document's postings and returns the analysed length they accounted for. */
export async function deletePostings(db: Kysely<Database>, documentId: string): Promise<number> {
  const removed = await sql<{ length: number | null }>`
    with deleted as (delete from lexical_postings where document_id = ${documentId}::uuid returning tf)
    select sum(tf)::bigint as length from deleted`.execute(db);
  return Number(removed.rows[0]?.length ?? 0);
}
