import type { ColumnType } from 'kysely';
import type { Chunk } from '@chatbuddy/core';
import type { Json } from './columns.js';

/** A chunk's vector (pgvector `vector` of any dimension) with the chunk data it returns. */
export interface ChunkEmbeddingRow {
  chunk_id: string;
  project_id: string;
  document_id: string;
  dimensions: number;
  /** Written in pgvector's binary form (see `toVectorBinary`), read as its text form. */
  embedding: ColumnType<string, Uint8Array, Uint8Array>;
  chunk: Json<Chunk>;
}
export interface ChunkEmbeddingsDatabase {
  chunk_embeddings: ChunkEmbeddingRow;
}
