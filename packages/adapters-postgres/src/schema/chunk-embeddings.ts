import type { ColumnType } from 'kysely';

/** A chunk's vector (pgvector `vector` of any dimension); the chunk itself is its `document_chunks` row. */
export interface ChunkEmbeddingRow {
  chunk_id: string;
  project_id: string;
  document_id: string;
  dimensions: number;
  /** Written in pgvector's binary form (see `toVectorBinary`), read as its text form. */
  embedding: ColumnType<string, Uint8Array, Uint8Array>;
}
export interface ChunkEmbeddingsDatabase {
  chunk_embeddings: ChunkEmbeddingRow;
}
