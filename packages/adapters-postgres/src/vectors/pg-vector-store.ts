import type {
  EmbeddedChunk,
  ScoredChunk,
  TransactionalRepositories,
  TransactionalVectorWriter,
  VectorQuery,
  VectorStore,
} from '@chatbuddy/core';
import { invalidInput } from '@chatbuddy/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import { transactionOf } from '../kysely-unit-of-work.js';
import { toChunk } from '../repositories/chunk-rows.js';
import { isUuid } from '../repositories/keyset.js';
import type { DocumentChunkRow } from '../schema/document-chunks.js';
import type { Database } from '../schema/index.js';
import { changeFeedEntry, recordSearchChange } from '../search-mirror/change-feed.js';

/** pgvector's limit for the `vector` type. */
const maximumDimensions = 16_000;

/** Rejects an empty, oversized or non-finite embedding. */
export function assertEmbedding(values: readonly number[]): void {
  if (values.length === 0 || values.length > maximumDimensions)
    throw invalidInput(`An embedding needs 1 to ${maximumDimensions} numbers`);
  if (!values.every(Number.isFinite)) throw invalidInput('An embedding must contain only finite numbers');
}

/** pgvector's text form of an embedding (validated). */
function toVectorLiteral(values: readonly number[]): string {
  assertEmbedding(values);
  return `[${values.join(',')}]`;
}

/**
 * pgvector's binary form of an embedding (validated): int16 dimensions, int16 zero, then each
 * value as a big-endian float4. Sent as a binary parameter, the database reads it with
 * `vector_recv` instead of parsing 512 decimal numbers per chunk; each value is rounded to
 * float4 as `vector_in` rounds its decimal text.
 */
export function toVectorBinary(values: readonly number[]): Buffer {
  assertEmbedding(values);
  const bytes = Buffer.allocUnsafe(4 + values.length * 4);
  bytes.writeInt16BE(values.length, 0);
  bytes.writeInt16BE(0, 2);
  for (let index = 0; index < values.length; index += 1)
    // `|| 0` writes −0 as 0, as its text form ("0") does.
    bytes.writeFloatBE((values[index] as number) || 0, 4 + index * 4);
  return bytes;
}

/**
 * Vector store on pgvector. One table holds every project's vectors, each with its dimension
 * (the embedder decides: 384 locally, 1536 for OpenAI), so a project can change embedder after a
 * reindex. A vector keeps no copy of its chunk: queries read the chunk from its row in
 * `document_chunks`, which the swap writes in the same transaction, and a vector whose row is
 * gone is not returned (docs/decisions/0036-vectors-without-chunk-copies.md). Queries are
 * exact: a scan of the project's rows of the query's dimension, ordered by cosine distance.
 * Exactness is what the contract asks for, and a per-project scan stays fast at the sizes a
 * project reaches (see the package README for measured latency); approximate HNSW indexes (per
 * dimension, partial) would trade recall for speed only beyond ~100k vectors.
 */
export class PgVectorStore implements VectorStore {
  /** Same database as the unit of work: on PGlite's one connection a write waits for its transaction. */
  readonly writesIndependentOfUnitOfWork = false;

  constructor(private readonly db: Kysely<Database>) {}

  async upsert(projectId: string, chunks: readonly EmbeddedChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    await this.db.transaction().execute((db) => this.write(db, projectId, chunks));
  }

  /**
   * Upserts in the transaction of `repositories`, handed out by a `KyselyUnitOfWork` on this
   * store's database: the vectors commit or roll back with the rest of its work.
   * @throws Error for repositories of another database or not of a transaction.
   */
  inTransaction(repositories: TransactionalRepositories): TransactionalVectorWriter {
    const bound = transactionOf(repositories);
    if (!bound || bound.database !== this.db)
      throw new Error('pgvector writes need a transaction of the unit of work on its own database');
    return {
      upsert: async (projectId, chunks) => {
        if (chunks.length > 0) await this.write(bound.transaction, projectId, chunks);
      },
    };
  }

  /** The upsert's rows and its change-feed entry, on `db` (a transaction). */
  private async write(db: Kysely<Database>, projectId: string, chunks: readonly EmbeddedChunk[]) {
    const rows = chunks.map(({ chunk, embedding }) => ({
      chunk_id: chunk.id,
      project_id: projectId,
      document_id: chunk.documentId,
      dimensions: embedding.length,
      embedding: toVectorBinary(embedding),
    }));
    // The last batch's statement also records the change (one round trip for both).
    for (let start = 0; start < rows.length; start += 500) {
      const values = rows
        .slice(start, start + 500)
        .map(
          (row) =>
            sql`(${row.chunk_id}, ${row.project_id}, ${row.document_id}, ${row.dimensions}, ${row.embedding})`,
        );
      const feed =
        start + 500 >= rows.length
          ? sql`with ${changeFeedEntry(
              projectId,
              rows.map((row) => row.document_id),
            )} `
          : sql``;
      await sql`${feed}insert into chunk_embeddings (chunk_id, project_id, document_id, dimensions, embedding)
        values ${sql.join(values)}
        on conflict (chunk_id) do update set document_id = excluded.document_id,
          dimensions = excluded.dimensions, embedding = excluded.embedding
        where chunk_embeddings.project_id = excluded.project_id`.execute(db);
    }
  }

  async query(projectId: string, query: VectorQuery): Promise<ScoredChunk[]> {
    const vector = toVectorLiteral(query.embedding);
    if (!isUuid(projectId) || query.topK <= 0) return [];
    const documentIds = query.documentIds?.filter(isUuid) ?? null;
    if (documentIds && documentIds.length === 0) return [];
    const result = await sql<Selectable<DocumentChunkRow> & { distance: number | null }>`
      select c.*, e.embedding <=> ${vector}::vector as distance
      from chunk_embeddings e
      join document_chunks c on c.id = e.chunk_id and c.project_id = e.project_id
      where e.project_id = ${projectId}::uuid and e.dimensions = ${query.embedding.length}
        and (${documentIds}::uuid[] is null or e.document_id = any(${documentIds}::uuid[]))
      order by distance, e.chunk_id
      limit ${query.topK}`.execute(this.db);
    return result.rows.map(({ distance: rawDistance, ...row }) => {
      const distance = Number(rawDistance);
      // A zero vector has no direction: pgvector yields NaN, the contract's fake scores it 0.
      return { chunk: toChunk(row), score: Number.isFinite(distance) ? 1 - distance : 0 };
    });
  }

  async deleteChunks(projectId: string, chunkIds: readonly string[]): Promise<void> {
    const ids = chunkIds.filter(isUuid);
    if (!isUuid(projectId) || ids.length === 0) return;
    await this.db.transaction().execute(async (db) => {
      const deleted = await db
        .deleteFrom('chunk_embeddings')
        .where('project_id', '=', projectId)
        .where('chunk_id', 'in', ids)
        .returning('document_id')
        .execute();
      if (deleted.length > 0)
        await recordSearchChange(
          db,
          projectId,
          deleted.map((row) => row.document_id),
        );
    });
  }

  async deleteByDocument(projectId: string, documentId: string): Promise<void> {
    if (!isUuid(projectId) || !isUuid(documentId)) return;
    await this.db.transaction().execute(async (db) => {
      const deleted = await db
        .deleteFrom('chunk_embeddings')
        .where('project_id', '=', projectId)
        .where('document_id', '=', documentId)
        .executeTakeFirst();
      if (deleted.numDeletedRows > 0n) await recordSearchChange(db, projectId, [documentId]);
    });
  }

  async listChunkIds(projectId: string, documentId: string): Promise<string[]> {
    if (!isUuid(projectId) || !isUuid(documentId)) return [];
    const rows = await this.db
      .selectFrom('chunk_embeddings')
      .select('chunk_id')
      .where('project_id', '=', projectId)
      .where('document_id', '=', documentId)
      .orderBy('chunk_id')
      .execute();
    return rows.map((row) => row.chunk_id);
  }

  async dropProject(projectId: string): Promise<void> {
    if (!isUuid(projectId)) return;
    await this.db.transaction().execute(async (db) => {
      await db.deleteFrom('chunk_embeddings').where('project_id', '=', projectId).execute();
      await recordSearchChange(db, projectId, null);
    });
  }

  async ping(): Promise<void> {
    await sql`select 1 from chunk_embeddings limit 1`.execute(this.db);
  }
}
