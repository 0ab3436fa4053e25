import { parseInput } from '../../../shared/validation.js';
import type { Metadata, ProjectId } from '../../../shared/common.js';
import type { Project } from '../../../projects/index.js';
import type { DocumentSummary } from '../../document.js';
import { parseMarkdownText } from '../../chunking/markdown-sections.js';
import { DomainError } from '../../../shared/domain-error.js';
import { normaliseLineEndings } from '../../indexing/content-hash.js';
import {
  type ContentLimits,
  checkContent,
  type DocumentIntake,
  type IntakeOptions,
  defaultContentLimits,
} from '../../indexing/document-intake.js';
import { summariseDocument } from '../../indexing/document-intake.js';
import type { DocumentParser, ParsedDocument } from '../../../ports/document-parser.port.js';
import { type UploadDocumentFileInput, uploadDocumentFileInput } from './upload-document-file.input.js';

export interface FileLimits extends ContentLimits {
  /** Largest file accepted before parsing, in bytes. */
  maxFileBytes: number;
}

/** 20 MB holds a long PDF or DOCX with images; its text is then bounded by `maxContentBytes`. */
export const defaultFileLimits: Readonly<FileLimits> = Object.freeze({
  ...defaultContentLimits,
  maxFileBytes: 20 * 1024 * 1024,
});

/** `\n` line endings in the text and its sections; Markdown headings when the parser gave no structure. */
function normaliseParsed(parsed: ParsedDocument): ParsedDocument {
  const text = normaliseLineEndings(parsed.text);
  const structured = parsed.sections.some(
    (section) => section.headingPath.length > 0 || Object.keys(section.metadata ?? {}).length > 0,
  );
  if (!structured && parsed.mimeType === 'text/markdown') {
    const markdown = parseMarkdownText(text, parsed.mimeType);
    return { ...markdown, title: markdown.title ?? parsed.title };
  }
  return {
    ...parsed,
    text,
    sections: parsed.sections.map((section) => ({ ...section, text: normaliseLineEndings(section.text) })),
  };
}

/**
 * Parses a file with the `DocumentParser` port, then stores and indexes its text like an upload;
 * the parser's sections (headings, pages, rows) become the chunks' heading paths and metadata.
 * @throws DomainError `payload_too_large`, `unsupported_media_type`, `unprocessable_document`,
 *   `empty_document`, `duplicate_document`, `embedding_model_mismatch`, or the indexing failure.
 */
export class UploadDocumentFile {
  private readonly limits: FileLimits;

  constructor(
    private readonly parser: DocumentParser,
    private readonly intake: DocumentIntake,
    limits: Partial<FileLimits> = {},
  ) {
    this.limits = { ...defaultFileLimits, ...limits };
  }

  /** `project` as for `UploadDocument.execute`: the project, or its id. */
  async execute(
    project: ProjectId | Project,
    raw: UploadDocumentFileInput,
    options: IntakeOptions = {},
  ): Promise<DocumentSummary> {
    const input = parseInput(uploadDocumentFileInput, raw);
    if (input.bytes.length > this.limits.maxFileBytes) {
      throw new DomainError(
        'payload_too_large',
        `The file is larger than ${this.limits.maxFileBytes} bytes`,
        {
          details: { sizeBytes: input.bytes.length, maxBytes: this.limits.maxFileBytes },
        },
      );
    }
    const parsed = normaliseParsed(
      await this.parser.parse({
        bytes: input.bytes,
        filename: input.filename,
        mimeType: input.mimeType ?? null,
      }),
    );
    const sizeBytes = checkContent(parsed.text, this.limits);
    const document = await this.intake.ingest(
      project,
      {
        content: parsed.text,
        structure: parsed,
        title: input.title,
        mimeType: parsed.mimeType,
        filename: input.filename,
        metadata: (input.metadata ?? {}) as Metadata,
      },
      sizeBytes,
      options,
    );
    return summariseDocument(document);
  }
}
