import type { ChunkId, DocumentId, Metadata, ProjectId } from '../shared/common.js';

export const documentStatuses = ['pending', 'indexing', 'ready', 'failed'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

export interface KnowledgeDocument {
  id: DocumentId;
  projectId: ProjectId;
  title: string;
  content: string;
  /** sha256 of the normalised content: duplicate detection within a project. */
  contentHash: string;
  mimeType: string;
  filename: string | null;
  metadata: Metadata;
  status: DocumentStatus;
  failureReason: string | null;
  chunkCount: number;
  /** Embedding model of the vectors currently indexed for it. */
  embeddingModel: string | null;
  /** Bumped on every content replacement or reindex; chunks carry the version they belong to. */
  version: number;
  sizeBytes: number;
  createdAt: Date;
  updatedAt: Date;
  indexedAt: Date | null;
}

/** A document in lists: everything but the content. */
export type DocumentSummary = Omit<KnowledgeDocument, 'content'>;

/** A piece of a document sized for retrieval and prompting. */
export interface Chunk {
  id: ChunkId;
  projectId: ProjectId;
  documentId: DocumentId;
  /** 0-based order within the document. */
  position: number;
  text: string;
  /** Headings above the chunk, outermost first. */
  headingPath: string[];
  tokenCount: number;
  /** Character range in the document's text. */
  charStart: number;
  charEnd: number;
  /** e.g. `{ page: 3 }` for PDFs, `{ row: 12 }` for CSV. */
  metadata: Metadata;
}

export interface EmbeddedChunk {
  chunk: Chunk;
  embedding: number[];
}

export interface ScoredChunk {
  chunk: Chunk;
  /** Higher is more relevant; scale depends on the producer (cosine similarity, BM25, …). */
  score: number;
}
