import type { DocumentId, ProjectId } from '../../../shared/common.js';
import { notFound } from '../../../shared/domain-error.js';
import type { DocumentRepository } from '../../../ports/document.repository.port.js';
import type { VectorStore } from '../../../ports/vector-store.port.js';
import type { DeleteDocumentInput } from './delete-document.input.js';

export interface DeletedDocument {
  documentId: DocumentId;
  /** False when the vector store could not be reached: the vectors stay, but no chunk row points at them. */
  vectorsRemoved: boolean;
}

/**
 * Deletes a document with its chunk rows (one step: it stops answering at once), then its vectors.
 * @throws DomainError `document_not_found` (also for another project's id).
 */
export class DeleteDocument {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly vectors: VectorStore,
  ) {}

  async execute(projectId: ProjectId, input: DeleteDocumentInput): Promise<DeletedDocument> {
    const deleted = await this.documents.delete(projectId, input.documentId);
    if (!deleted) throw notFound('document_not_found', 'Document');
    const vectorsRemoved = await this.vectors.deleteByDocument(projectId, input.documentId).then(
      () => true,
      () => false,
    );
    return { documentId: input.documentId, vectorsRemoved };
  }
}
