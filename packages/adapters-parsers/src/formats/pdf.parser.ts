import type { ParsedSection } from '@chatbuddy/core';
import {
  defaultIsolationLimits,
  extractIsolated,
  type IsolationLimits,
} from '../isolation/isolated-extraction.js';
import { defaultTextLimits, type TextLimits, textTooLarge } from '../isolation/text-budget.js';
import { emptyDocument, unprocessableDocument } from '../parse-errors.js';
import type { FormatParser, ParsedContent } from '../sections.js';
import { normaliseText } from '../text-decoding.js';

/** A page count beyond any real upload; a forged page tree must not make us loop for hours. */
const maxPages = 5_000;

export type PdfLimits = TextLimits & IsolationLimits;

/**
 * PDF (unpdf, a serverless build of Mozilla's PDF.js): the text layer, one section per page with
 * `{ page }` metadata; the title comes from the document information. PDF.js runs in a worker thread
 * with a deadline and a heap cap, and stops as soon as the text budget is passed. Encrypted or broken
 * files are unprocessable; a PDF without a text layer (a scan) is an empty document (no OCR).
 */
export class PdfParser implements FormatParser {
  private readonly limits: PdfLimits;

  constructor(limits: Partial<PdfLimits> = {}) {
    this.limits = { ...defaultTextLimits, ...defaultIsolationLimits, ...limits };
  }

  async parse(bytes: Uint8Array): Promise<ParsedContent> {
    const { maxTextBytes } = this.limits;
    const result = await extractIsolated({ format: 'pdf', bytes, maxTextBytes, maxPages }, this.limits);
    if (result.kind === 'refused') {
      if (result.reason === 'text_too_large') throw textTooLarge(maxTextBytes, 'PDF');
      if (result.reason === 'too_many_pages')
        throw unprocessableDocument(`The PDF has more than ${maxPages} pages`, { maxPages });
      if (result.reason === 'encrypted')
        throw unprocessableDocument('The PDF is encrypted with a password', { reason: 'encrypted' });
      throw unprocessableDocument('The PDF file is damaged or not a PDF', { reason: 'corrupt' });
    }
    if (result.kind !== 'pdf') throw new Error(`Unexpected extraction result ${result.kind}`);
    const sections: ParsedSection[] = [];
    result.pages.forEach((raw, index) => {
      const text = normaliseText(raw);
      if (text) sections.push({ headingPath: [], text, metadata: { page: index + 1 } });
    });
    if (sections.length === 0) throw emptyDocument('The PDF has no text layer (scanned pages are not read)');
    return { title: result.title, sections };
  }
}
