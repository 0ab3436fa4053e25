// Entry of the extraction worker thread. It imports only packages and node: modules (and types), so
// that Node can run this file from the TypeScript sources as well as from the compiled output.
import { parentPort } from 'node:worker_threads';
import mammoth from 'mammoth';
import { getDocumentProxy } from 'unpdf';
import type { ExtractionRequest, ExtractionResult } from './extraction-protocol.js';

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;
type TextChunk = { items: Array<{ str?: string; hasEOL?: boolean }> };

/** Raised inside the worker when the extracted-text budget is passed. */
class TextBudgetPassed extends Error {}

parentPort?.on('message', (request: ExtractionRequest) => {
  extract(request).then(
    (result) => parentPort?.postMessage(result),
    // Library errors stay here (they can quote the file): the file could not be read, that is all.
    () => parentPort?.postMessage({ kind: 'refused', reason: 'corrupt' } satisfies ExtractionResult),
  );
});

async function extract(request: ExtractionRequest): Promise<ExtractionResult> {
  try {
    return request.format === 'pdf' ? await extractPdf(request) : await extractDocx(request);
  } catch (error) {
    if (error instanceof TextBudgetPassed) return { kind: 'refused', reason: 'text_too_large' };
    throw error;
  }
}

async function extractPdf({ bytes, maxPages, maxTextBytes }: ExtractionRequest): Promise<ExtractionResult> {
  let pdf: PdfDocument;
  try {
    pdf = await getDocumentProxy(bytes, { verbosity: 0, stopAtErrors: false });
  } catch (error) {
    const encrypted = (error as { name?: unknown } | null)?.name === 'PasswordException';
    return { kind: 'refused', reason: encrypted ? 'encrypted' : 'corrupt' };
  }
  try {
    if (pdf.numPages > maxPages) return { kind: 'refused', reason: 'too_many_pages' };
    const budget = { remaining: maxTextBytes };
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) pages.push(await pageText(pdf, number, budget));
    return { kind: 'pdf', pages, title: await pdfTitle(pdf) };
  } finally {
    // The worker serves the next file: release this one's objects.
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

/** Streams a page's text, stopping as soon as the budget is passed (one page can hold megabytes). */
async function pageText(pdf: PdfDocument, number: number, budget: { remaining: number }): Promise<string> {
  const page = await pdf.getPage(number);
  const reader = (page.streamTextContent() as ReadableStream<TextChunk>).getReader();
  const parts: string[] = [];
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      for (const item of read.value.items) {
        if (typeof item.str !== 'string') continue;
        const part = item.hasEOL ? `${item.str}\n` : item.str;
        budget.remaining -= Buffer.byteLength(part);
        parts.push(part);
      }
      if (budget.remaining < 0) {
        await reader.cancel(new TextBudgetPassed()).catch(() => undefined);
        throw new TextBudgetPassed();
      }
    }
    return parts.join('');
  } finally {
    page.cleanup();
  }
}

async function pdfTitle(pdf: PdfDocument): Promise<string | null> {
  try {
    const { info, metadata } = (await pdf.getMetadata()) as {
      info?: { Title?: unknown };
      metadata?: { get(name: string): unknown } | null;
    };
    for (const candidate of [metadata?.get('dc:title'), info?.Title]) {
      if (typeof candidate === 'string' && candidate.trim()) return candidate.replace(/\s+/g, ' ').trim();
    }
    return null;
  } catch {
    return null;
  }
}

const skipImages = mammoth.images.imgElement(async () => ({ src: '' }));

/**
 * The text runs of the document are counted first, so a document with too much text is refused before
 * mammoth, which cannot be stopped mid-way, reads it; the thread's deadline and heap cap bound the rest.
 */
async function extractDocx({
  bytes,
  documentXml,
  maxTextBytes,
}: ExtractionRequest): Promise<ExtractionResult> {
  if (documentXml && textRunBytes(documentXml) > maxTextBytes) throw new TextBudgetPassed();
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    { convertImage: skipImages, externalFileAccess: false, ignoreEmptyParagraphs: true },
  );
  // The markup without its tags bounds the text from above; refuse before the caller builds a DOM.
  if (Buffer.byteLength(result.value.replace(/<[^>]*>/g, '')) > maxTextBytes) throw new TextBudgetPassed();
  return { kind: 'docx', html: result.value };
}

/** UTF-8 bytes inside `<w:t>` elements (any prefix), an entity counted as one byte: a lower bound of the text. */
function textRunBytes(xml: Uint8Array): number {
  const source = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString('utf8');
  let total = 0;
  for (const match of source.matchAll(/<(?:[\w.-]+:)?t(?:\s[^>]*)?>([^<]*)<\//g)) {
    total += Buffer.byteLength((match[1] ?? '').replace(/&[^;<]{1,10};/g, '&'));
  }
  return total;
}
