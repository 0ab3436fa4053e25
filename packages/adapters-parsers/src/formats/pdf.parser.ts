import type { ParsedSection } from '@chatbuddy/core';
import { getDocumentProxy } from 'unpdf';
import { emptyDocument, unprocessableDocument } from '../parse-errors.js';
import type { FormatParser, ParsedContent } from '../sections.js';
import { normalizeText } from '../text-decoding.js';

/** A page count beyond any real upload; a forged page tree must not make us loop for hours. */
const maxPages = 5_000;

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/**
 * PDF (unpdf, a serverless build of Mozilla's PDF.js): the text layer, one section per page with
 * `{ page }` metadata; the title comes from the document information. Encrypted or broken files are
 * unprocessable; a PDF without a text layer (a scan) is an empty document, since we do not OCR.
 */
export class PdfParser implements FormatParser {
  async parse(bytes: Uint8Array): Promise<ParsedContent> {
    const pdf = await open(bytes);
    try {
      if (pdf.numPages > maxPages) {
        throw unprocessableDocument(`The PDF has more than ${maxPages} pages`, { maxPages });
      }
      const sections: ParsedSection[] = [];
      for (let page = 1; page <= pdf.numPages; page++) {
        const text = normalizeText(await pageText(pdf, page));
        if (text) sections.push({ headingPath: [], text, metadata: { page } });
      }
      if (sections.length === 0)
        throw emptyDocument('The PDF has no text layer (scanned pages are not read)');
      return { title: await title(pdf), sections };
    } finally {
      await pdf.loadingTask.destroy().catch(() => undefined);
    }
  }
}

async function open(bytes: Uint8Array): Promise<PdfDocument> {
  try {
    // PDF.js may take ownership of the buffer it is given; hand it a copy.
    return await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0,

      stopAtErrors: false,
    });
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'PasswordException') {
      throw unprocessableDocument('The PDF is encrypted with a password', { reason: 'encrypted' }, error);
    }
    throw unprocessableDocument('The PDF file is damaged or not a PDF', { reason: 'corrupt' }, error);
  }
}

async function pageText(pdf: PdfDocument, pageNumber: number): Promise<string> {
  const page = await pdf.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    return content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
  } finally {
    page.cleanup();
  }
}

async function title(pdf: PdfDocument): Promise<string | null> {
  try {
    const { info, metadata } = (await pdf.getMetadata()) as {
      info?: { Title?: unknown };
      metadata?: { get(name: string): unknown } | null;
    };
    const candidates = [metadata?.get('dc:title'), info?.Title];
    for (const candidate of candidates) {
      if (typeof candidate === 'string' && candidate.trim()) return candidate.replace(/\s+/g, ' ').trim();
    }
    return null;
  } catch {
    return null;
  }
}
