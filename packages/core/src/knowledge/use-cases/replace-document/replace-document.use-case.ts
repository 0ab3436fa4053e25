import { parseInput } from '../../../shared/validation.js';
import type { Metadata, ProjectId } from '../../../shared/common.js';
import type { DocumentSummary, KnowledgeDocument } from '../../document.js';
import type { Project } from '../../../projects/index.js';
import { parseMarkdownText } from '../../chunking/markdown-sections.js';
import { notFound } from '../../../shared/domain-error.js';
import { contentHash, normaliseLineEndings } from '../../indexing/content-hash.js';
import type { DocumentIndexer, IndexRequest } from '../../indexing/document-indexer.js';
import {
  type ContentLimits,
  checkContent,
  defaultContentLimits,
  type IntakeOptions,
  summariseDocument,
} from '../../indexing/document-intake.js';
import type { BackgroundIndexing, IndexingPlace } from '../../indexing/background-indexing.js';
import { duplicateDocument } from '../../indexing/indexing-errors.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ContentHasher } from '../../../ports/content-hasher.port.js';
import type { DocumentRepository } from '../../../ports/document.repository.port.js';
import { type ReplaceDocumentInput, replaceDocumentInput } from './replace-document.input.js';

/**
 * Replaces a document's content. Until the new chunks are ready readers keep getting the old
 * ones; then chunk rows swap in one step and the old vectors are deleted. Same content only
 * updates title and metadata (and repairs the index if it is not `ready`). With `respondAsync`
 * and a background queue it answers once the new content is stored and `indexing`, and indexes it
 * there (decision 0042): a place is taken before anything is stored, as for an upload.
 * @throws DomainError `document_not_found` (also for another project's id), `payload_too_large`,
 *   `duplicate_document`, `embedding_model_mismatch`, `conflict`, or the indexing failure;
 *   `overloaded` or `shutting_down` from the background queue.
 */
export class ReplaceDocument {
  private readonly limits: ContentLimits;

  constructor(
    private readonly documents: DocumentRepository,
    private readonly indexer: DocumentIndexer,
    private readonly clock: Clock,
    private readonly hasher: ContentHasher,
    limits: Partial<ContentLimits> = {},
    private readonly background: BackgroundIndexing | null = null,
  ) {
    this.limits = { ...defaultContentLimits, ...limits };
  }

  async execute(
    projectId: ProjectId,
    raw: ReplaceDocumentInput,
    options: IntakeOptions = {},
  ): Promise<DocumentSummary> {
    const content = normaliseLineEndings(raw.content);
    const sizeBytes = checkContent(content, this.limits);
    // Stored text is checked before any work: a lone surrogate or NUL is `invalid_input`.
    const input = parseInput(replaceDocumentInput, raw);
    const existing = await this.documents.findById(projectId, input.documentId);
    if (!existing) throw notFound('document_not_found', 'Document');
    const project = await this.indexer.loadProject(projectId);
    this.indexer.embedderFor(project);
    const hash = contentHash(content, this.hasher);
    const other =
      hash === existing.contentHash ? null : await this.documents.findByContentHash(projectId, hash);
    if (other && other.id !== existing.id) throw duplicateDocument(other.id, other.status);
    const place =
      options.respondAsync && this.background ? await this.background.place(options.beforeWaiting) : null;
    const replacement = { content, hash, sizeBytes, project };
    return summariseDocument(await this.store(existing, input, replacement, place));
  }

  /**
   * Stores the new content, or only the description when the content is the same, and indexes
   * what is not `ready`: in `place` when given, which is otherwise given back.
   */
  private async store(
    existing: KnowledgeDocument,
    input: ReplaceDocumentInput,
    replacement: { content: string; hash: string; sizeBytes: number; project: Project },
    place: IndexingPlace | null,
  ): Promise<KnowledgeDocument> {
    const { projectId, id } = existing;
    const { content, hash, sizeBytes, project } = replacement;
    let handedOver = false;
    const index = (request: IndexRequest) => {
      if (!place) return this.indexer.index(projectId, id, request);
      handedOver = true;
      return this.indexer.indexLater(projectId, id, request, place);
    };
    const described = {
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.metadata === undefined ? {} : { metadata: input.metadata as Metadata }),
    };
    try {
      if (hash === existing.contentHash) {
        const updated = await this.documents.update(projectId, id, described, this.clock.now());
        if (!updated) throw notFound('document_not_found', 'Document');
        if (updated.status === 'ready') return updated;
        return await index({ project });
      }
      const stored = await this.documents.update(
        projectId,
        id,
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
      return await index({ structure: parseMarkdownText(content), project });
    } finally {
      if (place && !handedOver) place.cancel();
    }
  }
}
