import type {
  AbandonedCutoff,
  Chunk,
  DocumentFilter,
  DocumentPatch,
  DocumentRepository,
  DocumentStatus,
  DocumentSummary,
  KnowledgeDocument,
  Page,
  PageRequest,
  ReplaceChunksOptions,
  StoredPassage,
} from '@chatbuddy/core';
import { DomainError } from '@chatbuddy/core';
import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { DocumentRow } from '../schema/documents.js';
import type { Database } from '../schema/index.js';
import {
  deleteChunkRows,
  indexDocumentChunks,
  indexFirstChunks,
  insertChunkRows,
  type ReadyColumns,
  unindexDocument,
} from '../search/lexical-chunk-terms.js';
import { timedPostingWrite } from '../search/write-timing.js';
import { toChunk, toChunkRow } from './chunk-rows.js';
import { afterCursor, fetchSize, isUuid, toPage } from './keyset.js';

const summaryColumns = [
  'id',
  'project_id',
  'title',
  'content_hash',
  'mime_type',
  'filename',
  'metadata',
  'status',
  'failure_reason',
  'chunk_count',
  'embedding_model',
  'version',
  'size_bytes',
  'created_at',
  'updated_at',
  'indexed_at',
] as const;

function toSummary(row: Omit<Selectable<DocumentRow>, 'content' | 'lease_expires_at'>): DocumentSummary {
  return {
    id: row.id,
    projectId: row.project_id,
    title: row.title,
    contentHash: row.content_hash,
    mimeType: row.mime_type,
    filename: row.filename,
    metadata: row.metadata,
    status: row.status as DocumentStatus,
    failureReason: row.failure_reason,
    chunkCount: row.chunk_count,
    embeddingModel: row.embedding_model,
    version: row.version,
    sizeBytes: Number(row.size_bytes),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    indexedAt: row.indexed_at,
  };
}

/** The columns `ReplaceChunksOptions.markReady` sets, for `chunkCount` rows at `version`. */
function readyColumns(
  { embeddingModel, at }: { embeddingModel: string; at: Date },
  chunkCount: number,
  version: number,
): ReadyColumns {
  return {
    status: 'ready',
    failure_reason: null,
    chunk_count: chunkCount,
    embedding_model: embeddingModel,
    version,
    indexed_at: at,
    lease_expires_at: null,
    updated_at: at,
  };
}

const toDocument = (row: Selectable<DocumentRow>): KnowledgeDocument => ({
  ...toSummary(row),
  content: row.content,
});

const unfinished = ['pending', 'indexing'] as const;

/** Unfinished and abandoned by `cutoff`: lease expired, or no lease and unchanged since the cutoff. */
function abandonedBy(cutoff: AbandonedCutoff | null) {
  return (eb: ExpressionBuilder<Database, 'documents'>) => {
    const isUnfinished = eb('status', 'in', unfinished);
    if (!cutoff) return isUnfinished;
    return eb.and([
      isUnfinished,
      eb.or([
        eb.and([eb('lease_expires_at', 'is not', null), eb('lease_expires_at', '<=', cutoff.leaseExpiredBy)]),
        eb.and([eb('lease_expires_at', 'is', null), eb('updated_at', '<=', cutoff.unleasedSince)]),
      ]),
    ]);
  };
}

/** Rows per multi-row insert (PostgreSQL allows 65,535 parameters per statement). */
const insertBatch = 500;

/** Documents and chunk rows; chunk writes maintain the BM25 index in the same transaction. */
export class KyselyDocumentRepository implements DocumentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `work` in the caller's transaction, or in a new one. */
  private atomically<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? work(this.db) : this.db.transaction().execute(work);
  }

  async create(
    document: KnowledgeDocument,
    options: { leaseExpiresAt?: Date } = {},
  ): Promise<KnowledgeDocument> {
    await this.db
      .insertInto('documents')
      .values({
        id: document.id,
        project_id: document.projectId,
        title: document.title,
        content: document.content,
        content_hash: document.contentHash,
        mime_type: document.mimeType,
        filename: document.filename,
        metadata: JSON.stringify(document.metadata),
        status: document.status,
        failure_reason: document.failureReason,
        chunk_count: document.chunkCount,
        embedding_model: document.embeddingModel,
        version: document.version,
        size_bytes: document.sizeBytes,
        created_at: document.createdAt,
        updated_at: document.updatedAt,
        indexed_at: document.indexedAt,
        lease_expires_at: options.leaseExpiresAt ?? null,
      })
      .execute();
    return structuredClone(document);
  }

  async findById(projectId: string, id: string): Promise<KnowledgeDocument | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db
      .selectFrom('documents')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toDocument(row) : null;
  }

  async noteVectorRemovals(projectId: string, chunkIds: readonly string[], at: Date): Promise<void> {
    const ids = chunkIds.filter(isUuid);
    if (!isUuid(projectId) || ids.length === 0) return;
    for (let start = 0; start < ids.length; start += 1_000) {
      await this.db
        .insertInto('vector_removals')
        .values(
          ids
            .slice(start, start + 1_000)
            .map((id) => ({ chunk_id: id, project_id: projectId, noted_at: at })),
        )
        .onConflict((conflict) => conflict.column('chunk_id').doNothing())
        .execute();
    }
  }

  async listVectorRemovals(
    notedBy: Date,
    limit: number,
  ): Promise<Array<{ projectId: string; chunkId: string }>> {
    const rows = await this.db
      .selectFrom('vector_removals')
      .select(['project_id', 'chunk_id'])
      .where('noted_at', '<=', notedBy)
      .orderBy('noted_at')
      .orderBy('chunk_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ projectId: row.project_id, chunkId: row.chunk_id }));
  }

  async forgetVectorRemovals(projectId: string, chunkIds: readonly string[]): Promise<void> {
    const ids = chunkIds.filter(isUuid);
    if (!isUuid(projectId) || ids.length === 0) return;
    for (let start = 0; start < ids.length; start += 1_000) {
      await this.db
        .deleteFrom('vector_removals')
        .where('project_id', '=', projectId)
        .where('chunk_id', 'in', ids.slice(start, start + 1_000))
        .execute();
    }
  }

  async findByContentHash(projectId: string, contentHash: string): Promise<DocumentSummary | null> {
    if (!isUuid(projectId)) return null;
    const row = await this.db
      .selectFrom('documents')
      .select(summaryColumns)
      .where('project_id', '=', projectId)
      .where('content_hash', '=', contentHash)
      .executeTakeFirst();
    return row ? toSummary(row) : null;
  }

  async list(
    projectId: string,
    page: PageRequest,
    filter: DocumentFilter = {},
  ): Promise<Page<DocumentSummary>> {
    if (!isUuid(projectId)) return { items: [], nextCursor: null };
    const title = filter.title
      ? `%${filter.title.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
      : null;
    const rows = await this.db
      .selectFrom('documents')
      .select(summaryColumns)
      .where('project_id', '=', projectId)
      .$if(title !== null, (query) => query.where(sql<boolean>`title ilike ${title} escape '\\'`))
      .where(afterCursor(page))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(fetchSize(page))
      .execute();
    return toPage(rows.map(toSummary), page);
  }

  async listByStatus(statuses: readonly DocumentStatus[], limit: number): Promise<DocumentSummary[]> {
    if (statuses.length === 0) return [];
    const rows = await this.db
      .selectFrom('documents')
      .select(summaryColumns)
      .where('status', 'in', statuses)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toSummary);
  }

  async listAbandoned(cutoff: AbandonedCutoff | null, limit: number): Promise<DocumentSummary[]> {
    const rows = await this.db
      .selectFrom('documents')
      .select(summaryColumns)
      .where(abandonedBy(cutoff))
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toSummary);
  }

  async renewLease(projectId: string, id: string, until: Date): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const result = await this.db
      .updateTable('documents')
      .set({ lease_expires_at: until })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where('status', 'in', unfinished)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async releaseAbandoned(
    projectId: string,
    id: string,
    cutoff: AbandonedCutoff | null,
    failureReason: string,
    at: Date,
  ): Promise<KnowledgeDocument | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    // One statement: the condition is checked on the row version the update locks, so of two
    // instances only one changes it, and a lease renewed meanwhile makes it skip the row.
    const row = await this.db
      .updateTable('documents')
      .set({ status: 'failed', failure_reason: failureReason, lease_expires_at: null, updated_at: at })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where(abandonedBy(cutoff))
      .returningAll()
      .executeTakeFirst();
    return row ? toDocument(row) : null;
  }

  async count(projectId: string): Promise<number> {
    if (!isUuid(projectId)) return 0;
    const row = await this.db
      .selectFrom('documents')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    return row.count;
  }

  async update(
    projectId: string,
    id: string,
    patch: DocumentPatch,
    at: Date,
  ): Promise<KnowledgeDocument | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    return this.atomically(async (db) => {
      const row = await db
        .updateTable('documents')
        .set({
          ...(patch.title !== undefined && { title: patch.title }),
          ...(patch.content !== undefined && { content: patch.content }),
          ...(patch.contentHash !== undefined && { content_hash: patch.contentHash }),
          ...(patch.mimeType !== undefined && { mime_type: patch.mimeType }),
          ...(patch.filename !== undefined && { filename: patch.filename }),
          ...(patch.metadata !== undefined && { metadata: JSON.stringify(patch.metadata) }),
          ...(patch.status !== undefined && { status: patch.status }),
          ...(patch.failureReason !== undefined && { failure_reason: patch.failureReason }),
          ...(patch.chunkCount !== undefined && { chunk_count: patch.chunkCount }),
          ...(patch.embeddingModel !== undefined && { embedding_model: patch.embeddingModel }),
          ...(patch.version !== undefined && { version: patch.version }),
          ...(patch.sizeBytes !== undefined && { size_bytes: patch.sizeBytes }),
          ...(patch.indexedAt !== undefined && { indexed_at: patch.indexedAt }),
          ...(patch.leaseExpiresAt !== undefined && { lease_expires_at: patch.leaseExpiresAt }),
          updated_at: at,
        })
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      // The title is part of every chunk's indexed text.
      if (row && patch.title !== undefined) await indexDocumentChunks(db, projectId, id, row.title);
      return row ? toDocument(row) : null;
    });
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    return this.atomically(async (db) => {
      const exists = await db
        .selectFrom('documents')
        .select('id')
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!exists) return false;
      await unindexDocument(db, projectId, id);
      await db.deleteFrom('documents').where('id', '=', id).execute();
      return true;
    });
  }

  async replaceChunks(
    projectId: string,
    documentId: string,
    chunks: readonly Chunk[],
    options: ReplaceChunksOptions = {},
  ): Promise<KnowledgeDocument | undefined> {
    if (!isUuid(projectId) || !isUuid(documentId))
      throw new DomainError('document_not_found', 'Document not found');
    const { markReady, expected } = options;
    return this.atomically(async (db) => {
      if (options.firstIndexing && chunks.length > 0 && chunks.length <= insertBatch) {
        // The usual first indexing, in one statement (a round trip fewer than below), which also
        // marks the document ready when asked (another).
        const rows = chunks.map((chunk) => toChunkRow(chunk, projectId, documentId));
        const found = await timedPostingWrite(() =>
          indexFirstChunks(
            db,
            projectId,
            documentId,
            rows,
            markReady && readyColumns(markReady, chunks.length, 1),
            expected?.contentHash,
          ),
        );
        if (found === null) throw new DomainError('document_not_found', 'Document not found');
        if (found.version === 0) return found.document ? toDocument(found.document) : undefined;
        if (expected) return undefined; // a run swapped first
      }
      // Locking the document row serialises concurrent replacements of the same document; the
      // old rows are read after it, so a replacement committed meanwhile is seen and removed.
      const document = await db
        .selectFrom('documents')
        .select(['title', 'version', 'content_hash'])
        .where('project_id', '=', projectId)
        .where('id', '=', documentId)
        .forUpdate()
        .executeTakeFirst();
      if (!document) throw new DomainError('document_not_found', 'Document not found');
      if (
        expected &&
        (document.version !== expected.version || document.content_hash !== expected.contentHash)
      )
        return undefined;
      // Old terms and rows, new rows, new terms; the statistics and the change feed are written
      // once at the end, with the net change. A first indexing has nothing to remove.
      const removed =
        options.firstIndexing && document.version === 0
          ? { length: 0, chunks: 0 }
          : await timedPostingWrite(() => deleteChunkRows(db, documentId));
      // All rows but the last batch first; the last goes in the statement that writes the terms.
      const last = Math.max(0, chunks.length - insertBatch);
      for (let start = 0; start < last; start += insertBatch) {
        const batch = chunks.slice(start, Math.min(start + insertBatch, last));
        await insertChunkRows(batch.map((chunk) => toChunkRow(chunk, projectId, documentId))).execute(db);
      }
      const chunkDelta = chunks.length - removed.chunks;
      await timedPostingWrite(() =>
        indexDocumentChunks(
          db,
          projectId,
          documentId,
          document.title,
          { removedLength: removed.length, chunkDelta },
          chunks.slice(last).map((chunk) => toChunkRow(chunk, projectId, documentId)),
        ),
      );
      if (!markReady) return undefined;
      const ready = await db
        .updateTable('documents')
        .set(readyColumns(markReady, chunks.length, document.version + 1))
        .where('project_id', '=', projectId)
        .where('id', '=', documentId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDocument(ready);
    });
  }

  async listChunks(projectId: string, documentId: string): Promise<Chunk[]> {
    if (!isUuid(projectId) || !isUuid(documentId)) return [];
    const rows = await this.db
      .selectFrom('document_chunks')
      .selectAll()
      .where('document_id', '=', documentId)
      .where('project_id', '=', projectId)
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.map(toChunk);
  }

  async findPassages(projectId: string, ids: readonly string[]): Promise<StoredPassage[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!isUuid(projectId) || valid.length === 0) return [];
    // Rows by primary key, then the project check on those few rows: with `offset 0` the project
    // condition stays outside the subquery, so the planner cannot combine the key lookups with a
    // scan of the project's whole chunk index (what stale statistics made it do, at a cost that
    // grew with the corpus). The title is a primary-key lookup per row, whatever the statistics.
    const rows = await this.db
      .selectFrom((db) =>
        db.selectFrom('document_chunks').selectAll().where('id', 'in', valid).offset(0).as('c'),
      )
      .selectAll('c')
      .select((eb) =>
        eb
          .selectFrom('documents as d')
          .select('d.title')
          .whereRef('d.id', '=', 'c.document_id')
          .whereRef('d.project_id', '=', 'c.project_id')
          .as('document_title'),
      )
      .where('c.project_id', '=', projectId)
      .where('c.id', 'in', valid)
      .execute();
    return rows.flatMap(({ document_title, ...row }) =>
      document_title === null ? [] : [{ chunk: toChunk(row), title: document_title }],
    );
  }

  async countChunks(projectId: string): Promise<number> {
    if (!isUuid(projectId)) return 0;
    const row = await this.db
      .selectFrom('document_chunks')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    return row.count;
  }
}
