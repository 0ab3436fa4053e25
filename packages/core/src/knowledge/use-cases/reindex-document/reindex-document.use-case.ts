import type { ProjectId } from '../../../shared/common.js';
import type { DocumentSummary } from '../../document.js';
import type { BackgroundIndexing } from '../../indexing/background-indexing.js';
import type { DocumentIndexer } from '../../indexing/document-indexer.js';
import { type IntakeOptions, summariseDocument } from '../../indexing/document-intake.js';
import type { ReindexDocumentInput } from './reindex-document.input.js';

/**
 * Rebuilds a document's chunks and vectors from its stored content (repairs a `failed` one).
 * With `respondAsync` and a background queue it answers once the document is `indexing` and
 * rebuilds it there (decision 0042).
 * @throws DomainError `document_not_found`, `embedding_model_mismatch`, `conflict`, or the
 *   indexing failure (the document is then `failed`, still answering from its last good index);
 *   `overloaded` or `shutting_down` from the background queue.
 */
export class ReindexDocument {
  constructor(
    private readonly indexer: DocumentIndexer,
    private readonly background: BackgroundIndexing | null = null,
  ) {}

  async execute(
    projectId: ProjectId,
    input: ReindexDocumentInput,
    options: IntakeOptions = {},
  ): Promise<DocumentSummary> {
    const request = { sweepOrphans: true };
    if (options.respondAsync && this.background) {
      const project = await this.indexer.loadProject(projectId);
      this.indexer.embedderFor(project);
      const place = await this.background.place(options.beforeWaiting);
      return summariseDocument(
        await this.indexer.indexLater(projectId, input.documentId, { ...request, project }, place),
      );
    }
    return summariseDocument(await this.indexer.index(projectId, input.documentId, request));
  }
}
