import type { ProjectId } from '../../../shared/common.js';
import type { DocumentSummary } from '../../document.js';
import type { DocumentIndexer } from '../../indexing/document-indexer.js';
import { summariseDocument } from '../../indexing/document-intake.js';
import type { ReindexDocumentInput } from './reindex-document.input.js';

/**
 * Rebuilds a document's chunks and vectors from its stored content (repairs a `failed` one).
 * @throws DomainError `document_not_found`, `embedding_model_mismatch`, `conflict`, or the
 *   indexing failure (the document is then `failed`, still answering from its last good index).
 */
export class ReindexDocument {
  constructor(private readonly indexer: DocumentIndexer) {}

  async execute(projectId: ProjectId, input: ReindexDocumentInput): Promise<DocumentSummary> {
    return summariseDocument(await this.indexer.index(projectId, input.documentId, { sweepOrphans: true }));
  }
}
