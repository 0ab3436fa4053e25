import type { DocumentParser, ParsedDocument, ParseInput } from '@chatbuddy/core';
import { isDomainError } from '@chatbuddy/core';
import { type DocumentFormat, detectFormat, mimeTypeByFormat } from './detect-format.js';
import { CsvParser } from './formats/csv.parser.js';
import { DocxParser } from './formats/docx.parser.js';
import { HtmlParser } from './formats/html.parser.js';
import { JsonParser } from './formats/json.parser.js';
import { MarkdownParser } from './formats/markdown.parser.js';
import { PdfParser } from './formats/pdf.parser.js';
import { PlainTextParser } from './formats/plain-text.parser.js';
import { defaultTextLimits, type TextLimits, textTooLarge } from './isolation/text-budget.js';
import { emptyDocument, parserErrorCodes, unprocessableDocument } from './parse-errors.js';
import { type FormatParser, joinSections } from './sections.js';

const formatNames: Record<DocumentFormat, string> = {
  text: 'text',
  markdown: 'Markdown',
  html: 'HTML',
  csv: 'CSV',
  tsv: 'TSV',
  json: 'JSON',
  pdf: 'PDF',
  docx: 'DOCX',
};

/** Creates the parser of each format; pass some to replace the defaults (e.g. other DOCX limits). */
export function defaultFormatParsers(limits: Partial<TextLimits> = {}): Record<DocumentFormat, FormatParser> {
  return {
    text: new PlainTextParser(),
    markdown: new MarkdownParser(),
    html: new HtmlParser(),
    csv: new CsvParser(),
    tsv: new CsvParser('\t'),
    json: new JsonParser(),
    pdf: new PdfParser(limits),
    docx: new DocxParser(limits),
  };
}

/**
 * DocumentParser for uploaded files: detects the format (media type, else file name extension, else
 * the bytes) and hands the file to that format's parser. Whatever goes wrong comes out as a
 * DomainError `unsupported_media_type`, `unprocessable_document`, `empty_document`, or
 * `payload_too_large` when the text passes `maxTextBytes` (5 MiB unless configured).
 */
export class FileDocumentParser implements DocumentParser {
  readonly supportedMimeTypes: readonly string[] = Object.values(mimeTypeByFormat);
  private readonly parsers: Record<DocumentFormat, FormatParser>;
  private readonly limits: TextLimits;

  constructor(parsers: Partial<Record<DocumentFormat, FormatParser>> = {}, limits: Partial<TextLimits> = {}) {
    this.limits = { ...defaultTextLimits, ...limits };
    this.parsers = { ...defaultFormatParsers(this.limits), ...parsers };
  }

  /** Parses one file into text, title and sections. */
  async parse(input: ParseInput): Promise<ParsedDocument> {
    const format = detectFormat(input);
    let content: Awaited<ReturnType<FormatParser['parse']>>;
    try {
      content = await this.parsers[format].parse(input.bytes);
    } catch (error) {
      if (isDomainError(error) && (parserErrorCodes as readonly string[]).includes(error.code)) throw error;
      // Library errors can carry file contents or internals: keep them as the cause, not the message.
      throw unprocessableDocument(`The ${formatNames[format]} file could not be read`, { format }, error);
    }
    const sections = content.sections.filter((section) => section.text.trim() !== '');
    const text = (content.text ?? joinSections(sections)).trim();
    if (sections.length === 0 || text === '') throw emptyDocument();
    // PDF and DOCX stop during extraction; the other formats are bounded by the upload size.
    if (Buffer.byteLength(text) > this.limits.maxTextBytes)
      throw textTooLarge(this.limits.maxTextBytes, formatNames[format]);
    return { text, title: content.title, mimeType: mimeTypeByFormat[format], sections };
  }
}
