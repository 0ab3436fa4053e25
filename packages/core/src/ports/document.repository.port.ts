import type { ChunkId, DocumentId, Page, PageRequest, ProjectId } from '../shared/common.js';
import type { Chunk, DocumentSummary, KnowledgeDocument } from '../knowledge/index.js';

export type DocumentPatch = Partial<
  Pick<
    KnowledgeDocument,
    | 'title'
    | 'content'
    | 'contentHash'
    | 'mimeType'
    | 'filename'
    | 'metadata'
    | 'status'
    | 'failureReason'
    | 'chunkCount'
    | 'embeddingModel'
    | 'version'
    | 'sizeBytes'
    | 'indexedAt'
  >
> & {
  /**
   * The indexing lease: until when the instance running the document's indexing vouches for it
   * (set when a run starts, renewed while it runs, cleared when it ends). Not part of the document.
   */
  leaseExpiresAt?: Date | null;
};

/** When unfinished (`pending`/`indexing`) work counts as abandoned by the process that started it. */
export interface AbandonedCutoff {
  /** A lease that expired at or before this instant is abandoned. */
  leaseExpiredBy: Date;
  /** A document without a lease that last changed at or before this instant is abandoned. */
  unleasedSince: Date;
}

/** Which documents a list shows. */
export interface DocumentFilter {
  /** Part of the title, matched case-insensitively. */
  title?: string;
}

/** A chunk row with the title of its document. */
export interface StoredPassage {
  chunk: Chunk;
  title: string;
}

/** See `DocumentRepository.replaceChunks`. */
export interface ReplaceChunksOptions {
  firstIndexing?: boolean;
  /**
   * Marks the document `ready` in the same step, after its rows: status `ready` without failure
   * reason or lease, `chunkCount` the rows written, this `embeddingModel`, the version it had
   * plus one, `indexedAt` and `updatedAt` at `at` (the indexer's last write of a run).
   */
  markReady?: { embeddingModel: string; at: Date };
  /**
   * The document as the run found it. When its row no longer has this version and content hash
   * (another run swapped first, or the content was replaced meanwhile), nothing is written and
   * `undefined` is returned. Checked under the row's lock, so two runs that found the same
   * document never both write, and rows of old content never land under new content.
   */
  expected?: { version: number; contentHash: string };
}

/** Documents and their chunk rows. Every read is scoped to a project. */
export const DocumentRepository = Symbol.for('chatbuddy.DocumentRepository');
export interface DocumentRepository {
  /**
   * Stores a new document; with `leaseExpiresAt`, under an indexing lease until then (a run that
   * starts with the document, as `update` would set it).
   * @throws DomainError `duplicate_document` when the project already has this content hash.
   */
  create(document: KnowledgeDocument, options?: { leaseExpiresAt?: Date }): Promise<KnowledgeDocument>;
  findById(projectId: ProjectId, id: DocumentId): Promise<KnowledgeDocument | null>;
  /**
   * Notes the vectors of replaced chunks, to be removed from the vector store once the swap that
   * replaced them commits; written in that swap's transaction. A process that stops before
   * removing them leaves the note for the repair pass.
   */
  noteVectorRemovals(projectId: ProjectId, chunkIds: readonly ChunkId[], at: Date): Promise<void>;
  /** Noted removals of any project noted at or before `notedBy`, oldest first, at most `limit`. */
  listVectorRemovals(
    notedBy: Date,
    limit: number,
  ): Promise<Array<{ projectId: ProjectId; chunkId: ChunkId }>>;
  /** Forgets noted removals once the vectors are removed. */
  forgetVectorRemovals(projectId: ProjectId, chunkIds: readonly ChunkId[]): Promise<void>;
  findByContentHash(projectId: ProjectId, contentHash: string): Promise<DocumentSummary | null>;
  /**
   * Newest first, without content; with `filter.title`, only documents whose title contains it
   * (case-insensitive, taken literally: `%` and `_` are not wildcards).
   */
  list(projectId: ProjectId, page: PageRequest, filter?: DocumentFilter): Promise<Page<DocumentSummary>>;
  /** Documents in any of `statuses` across projects (repair after a crash). */
  listByStatus(statuses: readonly KnowledgeDocument['status'][], limit: number): Promise<DocumentSummary[]>;
  count(projectId: ProjectId): Promise<number>;
  /**
   * Unfinished documents across projects that are abandoned by `cutoff` (every unfinished one
   * when `cutoff` is null), oldest first.
   */
  listAbandoned(cutoff: AbandonedCutoff | null, limit: number): Promise<DocumentSummary[]>;
  /**
   * Extends the indexing lease of a document that is still unfinished to `until` (its
   * `updatedAt` stays); false when the document is absent or no longer unfinished.
   */
  renewLease(projectId: ProjectId, id: DocumentId, until: Date): Promise<boolean>;
  /**
   * One conditional write: if the document is still unfinished and abandoned by `cutoff` (any
   * unfinished one when null), marks it `failed` with `failureReason` and clears its lease.
   * Null otherwise, so of two instances releasing the same document only one gets it back.
   */
  releaseAbandoned(
    projectId: ProjectId,
    id: DocumentId,
    cutoff: AbandonedCutoff | null,
    failureReason: string,
    at: Date,
  ): Promise<KnowledgeDocument | null>;
  /** Applies `patch`; null when absent. */
  update(
    projectId: ProjectId,
    id: DocumentId,
    patch: DocumentPatch,
    at: Date,
  ): Promise<KnowledgeDocument | null>;
  /** Deletes the document and its chunks; false when absent. */
  delete(projectId: ProjectId, id: DocumentId): Promise<boolean>;
  /**
   * Replaces all chunk rows of the document with `chunks` in one step (readers see the old set
   * or the new one). The lexical index follows. `firstIndexing` is the indexer's word that the
   * document has never had chunk rows (version 0) and that its transaction raises the version
   * after this call: an adapter may then skip removing old rows, once it has locked the document
   * and seen version 0 itself. With `markReady`, resolves to the document as it is after.
   */
  replaceChunks(
    projectId: ProjectId,
    documentId: DocumentId,
    chunks: readonly Chunk[],
    options?: ReplaceChunksOptions,
  ): Promise<KnowledgeDocument | undefined>;
  /** Chunks of a document in position order. */
  listChunks(projectId: ProjectId, documentId: DocumentId): Promise<Chunk[]>;
  /**
   * The chunks with these ids that exist in the project, each with its document's title, in one
   * read (any order): what retrieval shows for the passages it returns.
   */
  findPassages(projectId: ProjectId, ids: readonly ChunkId[]): Promise<StoredPassage[]>;
  countChunks(projectId: ProjectId): Promise<number>;
}
