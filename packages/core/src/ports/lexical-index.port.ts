import type { DocumentId, ProjectId } from '../shared/common.js';
import type { ScoredChunk } from '../knowledge/index.js';

export interface LexicalQuery {
  text: string;
  topK: number;
  documentIds?: readonly DocumentId[];
}

/**
 * Keyword (full-text) search over a project's chunks. The index follows the chunk rows written
 * through `DocumentRepository.replaceChunks`, in the same transaction.
 */
export const LexicalIndex = Symbol.for('chatbuddy.LexicalIndex');
export interface LexicalIndex {
  /** Best-matching chunks, highest score first; empty for a query without searchable terms. */
  search(projectId: ProjectId, query: LexicalQuery): Promise<ScoredChunk[]>;
}
