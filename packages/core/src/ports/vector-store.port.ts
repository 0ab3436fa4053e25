import type { DocumentId, ProjectId } from '../shared/common.js';
import type { EmbeddedChunk, ScoredChunk } from '../knowledge/index.js';
import type { TransactionalRepositories } from './unit-of-work.port.js';

export interface VectorQuery {
  embedding: number[];
  topK: number;
  /** Only chunks of these documents. */
  documentIds?: readonly DocumentId[];
}

/** Nearest-neighbour search over a project's embedded chunks. */
export const VectorStore = Symbol.for('chatbuddy.VectorStore');
export interface VectorStore {
  /**
   * True when the store's writes are independent of the unit of work (another server, as
   * Chroma): an `upsert` may then run while a unit-of-work transaction is open, and indexing
   * overlaps the two. False when the store lives in the unit of work's own database (pgvector,
   * above all on the single-connection embedded database): a write there would wait for the open
   * transaction, or interleave with it, so indexing writes vectors before it begins.
   */
  readonly writesIndependentOfUnitOfWork: boolean;
  /**
   * Writes bound to the unit-of-work transaction that `repositories` belong to: committed with it,
   * rolled back with it. Offered by a store in the unit of work's own database (pgvector), so
   * that indexing writes a document's vectors in the transaction that swaps its chunk rows.
   * @throws Error when `repositories` are not of a transaction of the store's database.
   */
  inTransaction?(repositories: TransactionalRepositories): TransactionalVectorWriter;
  /** Inserts or replaces vectors by chunk id. */
  upsert(projectId: ProjectId, chunks: readonly EmbeddedChunk[]): Promise<void>;
  /** Nearest chunks by cosine similarity (score in -1..1, highest first). */
  query(projectId: ProjectId, query: VectorQuery): Promise<ScoredChunk[]>;
  /** Removes the given chunks' vectors (missing ids are ignored). */
  deleteChunks(projectId: ProjectId, chunkIds: readonly string[]): Promise<void>;
  /** Removes every vector of a document. */
  deleteByDocument(projectId: ProjectId, documentId: DocumentId): Promise<void>;
  /** Ids of the stored chunks of a document (consistency checks and repair). */
  listChunkIds(projectId: ProjectId, documentId: DocumentId): Promise<string[]>;
  /** Removes everything of a project. */
  dropProject(projectId: ProjectId): Promise<void>;
  /** Throws when the store cannot be reached (readiness). */
  ping(): Promise<void>;
}

/** A vector store's writes inside one unit-of-work transaction (`VectorStore.inTransaction`). */
export interface TransactionalVectorWriter {
  /** Inserts or replaces vectors by chunk id, as `VectorStore.upsert`, in the transaction. */
  upsert(projectId: ProjectId, chunks: readonly EmbeddedChunk[]): Promise<void>;
}
