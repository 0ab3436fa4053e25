/** A section of a parsed document with the headings above it. */
export interface ParsedSection {
  headingPath: string[];
  text: string;
  /** e.g. `{ page: 2 }` for PDFs. */
  metadata?: Record<string, string | number>;
}

export interface ParsedDocument {
  /** Plain text of the whole document (sections joined). */
  text: string;
  title: string | null;
  mimeType: string;
  sections: ParsedSection[];
}

export interface ParseInput {
  bytes: Uint8Array;
  filename?: string | null;
  mimeType?: string | null;
}

/** Turns an uploaded file into text with structure. */
export const DocumentParser = Symbol.for('chatbuddy.DocumentParser');
export interface DocumentParser {
  /** Media types it can parse. */
  readonly supportedMimeTypes: readonly string[];
  /**
   * Parses one file.
   * @throws DomainError `unsupported_media_type`, `unprocessable_document`, `empty_document`, or
   *   `payload_too_large` when the extracted text passes the parser's budget.
   */
  parse(input: ParseInput): Promise<ParsedDocument>;
}
