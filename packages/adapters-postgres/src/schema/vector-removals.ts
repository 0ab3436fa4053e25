import type { Timestamp } from './columns.js';

/** A replaced chunk whose vector may still be stored outside the database. */
export interface VectorRemovalRow {
  chunk_id: string;
  project_id: string;
  noted_at: Timestamp;
}
export interface VectorRemovalsDatabase {
  vector_removals: VectorRemovalRow;
}
