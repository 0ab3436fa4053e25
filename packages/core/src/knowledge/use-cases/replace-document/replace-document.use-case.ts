import { parseInput } from '../../../shared/validation.js';
import type { Metadata, ProjectId } from '../../../shared/common.js';
import type { DocumentSummary } from '../../document.js';
import { parseMarkdownText } from '../../chunking/markdown-sections.js';
import { notFound } from '../../../shared/domain-error.js';
import { contentHash, normaliseLineEndings } from '../../indexing/content-hash.js';
import type { DocumentIndexer } from '../../indexing/document-indexer.js';
import {
  type ContentLimits,
  checkContent,
  defaultContentLimits,
  summariseDocument,
} from '../../indexing/document-intake.js';
import { duplicateDocument } from '../../indexing/indexing-errors.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ContentHasher } from '../../../ports/content-hasher.port.js';
import type { DocumentRepository } from '../../../ports/document.repository.port.js';
import { type ReplaceDocumentInput, replaceDocumentInput } from './replace-document.input.js';

/**
 * Replaces a document's content. Until the new chunks are ready readers keep getting the old
 * ones; then chunk rows swap in one step and the old vectors are deleted. Same content only
 * updates title and metadata (and repairs the index if it is not `ready`).
 * @throws DomainError `document_not_found` (also for another project's id), `payload_too_large`,
 *   `duplicate_document`, `embedding_model_mismatch`, `conflict`, or the indexing failure.
 */
export class ReplaceDocument {
  private readonly limits: ContentLimits;

  constructor(
    private readonly documents: DocumentRepository,
    private readonly indexer: DocumentIndexer,
    private readonly clock: Clock,
    private readonly hasher: ContentHasher,
    limits: Partial<ContentLimits> = {},
  ) {
    this.limits = { ...defaultContentLimits, ...limits };
  }

  async execute(projectId: ProjectId, raw: ReplaceDocumentInput): Promise<DocumentSummary> {
    const content = normaliseLineEndings(raw.content);
    const sizeBytes = checkContent(content, this.limits);
    // Stored text is checked before any work: a lone surrogate or NUL is `invalid_input`.
    const input = parseInput(replaceDocumentInput, raw);
    const existing = await this.documents.findById(projectId, input.documentId);
    if (!existing) throw notFound('document_not_found', 'Document');
    this.indexer.embedderFor(await this.indexer.loadProject(projectId));
    const hash = contentHash(content, this.hasher);
    const described = {
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.metadata === undefined ? {} : { metadata: input.metadata as Metadata }),
    };
    if (hash === existing.contentHash) {
      const updated = await this.documents.update(projectId, existing.id, described, this.clock.now());
      if (!updated) throw notFound('document_not_found', 'Document');
      if (updated.status === 'ready') return summariseDocument(updated);
      return summariseDocument(await this.indexer.index(projectId, existing.id));
    }
    const other = await this.documents.findByContentHash(projectId, hash);
    if (other && other.id !== existing.id) throw duplicateDocument(other.id, other.status);
    const stored = await this.documents.update(
      projectId,
      existing.id,
      {
        ...described,
        content,
        contentHash: hash,
        sizeBytes,
        mimeType: 'text/markdown',
        filename: null,
        status: 'pending',
      },
      this.clock.now(),
    );
    if (!stored) throw notFound('document_not_found', 'Document');
    const structure = parseMarkdownText(content);
    return summariseDocument(await this.indexer.index(projectId, existing.id, { structure }));
  }
}
