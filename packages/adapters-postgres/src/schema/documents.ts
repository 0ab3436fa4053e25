import type { Metadata } from '@chatbuddy/core';
import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from './columns.js';

export interface DocumentRow {
  id: string;
  project_id: string;
  title: string;
  content: string;
  content_hash: string;
  mime_type: string;
  filename: string | null;
  metadata: Json<Metadata>;
  status: string;
  failure_reason: string | null;
  chunk_count: number;
  embedding_model: string | null;
  version: number;
  size_bytes: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  indexed_at: Timestamp | null;
  /** The indexing lease of an unfinished document (null when none is held). */
  lease_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export interface DocumentsDatabase {
  documents: DocumentRow;
}
