import type { Chunk } from '@chatbuddy/core';
import type { Insertable, Selectable } from 'kysely';
import type { DocumentChunkRow } from '../schema/document-chunks.js';

export function toChunk(row: Selectable<DocumentChunkRow>): Chunk {
  return {
    id: row.id,
    projectId: row.project_id,
    documentId: row.document_id,
    position: row.position,
    text: row.text,
    headingPath: row.heading_path,
    tokenCount: row.token_count,
    charStart: row.char_start,
    charEnd: row.char_end,
    metadata: row.metadata,
  };
}

export function toChunkRow(
  chunk: Chunk,
  projectId: string,
  documentId: string,
): Insertable<DocumentChunkRow> {
  return {
    id: chunk.id,
    project_id: projectId,
    document_id: documentId,
    position: chunk.position,
    text: chunk.text,
    heading_path: JSON.stringify(chunk.headingPath),
    token_count: chunk.tokenCount,
    char_start: chunk.charStart,
    char_end: chunk.charEnd,
    metadata: JSON.stringify(chunk.metadata),
  };
}
