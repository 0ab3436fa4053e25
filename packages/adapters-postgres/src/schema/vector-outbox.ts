import type { Generated } from 'kysely';

/** A vector written with its chunk rows and not yet sent to the vector store outside the database. */
export interface VectorOutboxRow {
  seq: Generated<number>;
  chunk_id: string;
  project_id: string;
  document_id: string;
  dimensions: number;
  /** float4 values, little-endian. */
  embedding: Buffer;
}
export interface VectorOutboxDatabase {
  vector_outbox: VectorOutboxRow;
}
