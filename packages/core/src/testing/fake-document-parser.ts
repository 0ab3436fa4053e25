import { DomainError } from '../shared/domain-error.js';
import type { DocumentParser, ParsedDocument, ParseInput } from '../ports/document-parser.port.js';

/** Parses UTF-8 text and Markdown only; enough for core tests. */
export class FakeDocumentParser implements DocumentParser {
  readonly supportedMimeTypes = ['text/plain', 'text/markdown'] as const;

  async parse(input: ParseInput): Promise<ParsedDocument> {
    const mimeType = input.mimeType ?? (input.filename?.endsWith('.md') ? 'text/markdown' : 'text/plain');
    if (!this.supportedMimeTypes.includes(mimeType as never)) {
      throw new DomainError('unsupported_media_type', `Unsupported file type: ${mimeType}`);
    }
    const text = new TextDecoder().decode(input.bytes).trim();
    if (!text) throw new DomainError('empty_document', 'The document has no text');
    return { text, title: input.filename ?? null, mimeType, sections: [{ headingPath: [], text }] };
  }
}
