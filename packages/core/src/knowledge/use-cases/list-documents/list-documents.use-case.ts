import type { Page, ProjectId } from '../../../shared/common.js';
import type { DocumentSummary } from '../../document.js';
import type { DocumentRepository } from '../../../ports/document.repository.port.js';
import type { ListDocumentsInput } from './list-documents.input.js';

/**
 * Documents of the caller's project, newest first, without content; optionally only those whose
 * title contains `input.title`.
 * @throws DomainError `invalid_input` for a cursor that is not a `nextCursor`.
 */
export class ListDocuments {
  constructor(private readonly documents: DocumentRepository) {}

  async execute(projectId: ProjectId, input: ListDocumentsInput): Promise<Page<DocumentSummary>> {
    const title = input.title?.trim();
    return this.documents.list(
      projectId,
      { limit: input.limit, cursor: input.cursor ?? null },
      title ? { title } : {},
    );
  }
}
