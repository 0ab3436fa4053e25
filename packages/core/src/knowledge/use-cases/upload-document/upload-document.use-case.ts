import { parseInput } from '../../../shared/validation.js';
import type { Metadata, ProjectId } from '../../../shared/common.js';
import type { Project } from '../../../projects/index.js';
import type { DocumentSummary } from '../../document.js';
import { parseMarkdownText } from '../../chunking/markdown-sections.js';
import { normaliseLineEndings } from '../../indexing/content-hash.js';
import {
  type ContentLimits,
  checkContent,
  type DocumentIntake,
  type IntakeOptions,
  defaultContentLimits,
  summariseDocument,
} from '../../indexing/document-intake.js';
import { type UploadDocumentInput, uploadDocumentInput } from './upload-document.input.js';

/**
 * Stores a text document in the caller's project and indexes it (`indexing` → `ready`, or `ready`
 * at once when stored and indexed in one transaction: see `DocumentIndexer.indexNew`).
 * @throws DomainError `payload_too_large`, `empty_document`, `duplicate_document` (details name the
 *   existing document), `embedding_model_mismatch`, or the indexing failure (document `failed`).
 */
export class UploadDocument {
  private readonly limits: ContentLimits;

  constructor(
    private readonly intake: DocumentIntake,
    limits: Partial<ContentLimits> = {},
  ) {
    this.limits = { ...defaultContentLimits, ...limits };
  }

  /**
   * `project` is the caller's project, or its id (then it is read here): a caller that has just
   * read it (the API key's lookup) saves a read.
   */
  async execute(
    project: ProjectId | Project,
    raw: UploadDocumentInput,
    options: IntakeOptions = {},
  ): Promise<DocumentSummary> {
    const content = normaliseLineEndings(raw.content);
    const sizeBytes = checkContent(content, this.limits);
    // Stored text is checked before any work: a lone surrogate or NUL is `invalid_input`.
    const input = parseInput(uploadDocumentInput, raw);
    const document = await this.intake.ingest(
      project,
      {
        content,
        structure: parseMarkdownText(content),
        title: input.title,
        mimeType: 'text/markdown',
        filename: null,
        metadata: (input.metadata ?? {}) as Metadata,
      },
      sizeBytes,
      options,
    );
    return summariseDocument(document);
  }
}
