import type { ProjectId } from '../../../shared/common.js';
import type { KnowledgeDocument } from '../../document.js';
import { notFound } from '../../../shared/domain-error.js';
import type { DocumentRepository } from '../../../ports/document.repository.port.js';
import type { GetDocumentInput } from './get-document.input.js';

/**
 * One document of the caller's project, with content and metadata.
 * @throws DomainError `document_not_found` (also for another project's id).
 */
export class GetDocument {
  constructor(private readonly documents: DocumentRepository) {}

  async execute(projectId: ProjectId, input: GetDocumentInput): Promise<KnowledgeDocument> {
    const document = await this.documents.findById(projectId, input.documentId);
    if (!document) throw notFound('document_not_found', 'Document');
    return document;
  }
}
