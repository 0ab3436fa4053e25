import type { Metadata } from '@chatbuddy/core';
import type { Json } from './columns.js';

export interface DocumentChunkRow {
  id: string;
  project_id: string;
  document_id: string;
  position: number;
  text: string;
  heading_path: Json<string[]>;
  token_count: number;
  char_start: number;
  char_end: number;
  metadata: Json<Metadata>;
}
export interface DocumentChunksDatabase {
  document_chunks: DocumentChunkRow;
}
