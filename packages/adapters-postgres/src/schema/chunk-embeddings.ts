import type { Chunk } from '@chatbuddy/core';
import type { Json } from './columns.js';

/** A chunk's vector (pgvector `vector` of any dimension) with the chunk data it returns. */
export interface ChunkEmbeddingRow {
  chunk_id: string;
  project_id: string;
  document_id: string;
  dimensions: number;
  /** pgvector text form, e.g. `[0.1,0.2]`. */
  embedding: string;
  chunk: Json<Chunk>;
}
export interface ChunkEmbeddingsDatabase {
  chunk_embeddings: ChunkEmbeddingRow;
}
