import { isDomainError } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { probe } from '../__fixtures__/event-loop-probe.js';
import { buildDocxBomb, buildPdfBomb } from '../__fixtures__/hostile-samples.js';
import { FileDocumentParser } from '../file-document-parser.js';
import { DocxParser } from '../formats/docx.parser.js';
import { PdfParser } from '../formats/pdf.parser.js';

const report = (name: string, measured: Awaited<ReturnType<typeof probe>>) =>
  console.info(
    `${name}: ${Math.round(measured.elapsedMs)} ms, CPU ${Math.round(measured.cpuMs)} ms, peak RSS ` +
      `${Math.round(measured.peakRssMb)} MiB, longest event-loop gap ${Math.round(measured.longestGapMs)} ms`,
  );

function errorOf(measured: { error: unknown }) {
  expect(isDomainError(measured.error), `expected a DomainError, got ${String(measured.error)}`).toBe(true);
  return measured.error as { code: string; details: Record<string, unknown> };
}

describe('hostile files', () => {
  const pdfBomb = buildPdfBomb(60 * 1024 * 1024);

  it('stops reading a PDF whose content stream inflates to 60 MB once the text budget is passed', async () => {
    expect(pdfBomb.length).toBeLessThan(1024 * 1024);
    const parser = new FileDocumentParser();
    const measured = await probe(() => parser.parse({ bytes: pdfBomb, filename: 'bomb.pdf' }));
    report(`PDF bomb (${pdfBomb.length} bytes)`, measured);
    const error = errorOf(measured);
    expect(error.code).toBe('payload_too_large');
    expect(error.details).toEqual({ reason: 'text_too_large', maxBytes: 5 * 1024 * 1024 });
    // Generous: the budget is passed after about 5 s of CPU, more on a busy machine.
    expect(measured.elapsedMs).toBeLessThan(30_000);
    // The loop keeps turning while PDF.js works in its own thread.
    expect(measured.longestGapMs).toBeLessThan(1_000);
  }, 60_000);

  it('honours a smaller text budget', async () => {
    const parser = new FileDocumentParser({}, { maxTextBytes: 64 * 1024 });
    const measured = await probe(() => parser.parse({ bytes: pdfBomb, filename: 'bomb.pdf' }));
    report('PDF bomb, 64 KiB budget', measured);
    expect(errorOf(measured).details).toEqual({ reason: 'text_too_large', maxBytes: 64 * 1024 });
  }, 60_000);

  it('terminates a PDF parse that passes its deadline', async () => {
    const parser = new PdfParser({ maxTextBytes: Number.MAX_SAFE_INTEGER, timeoutMs: 500 });
    const measured = await probe(() => parser.parse(pdfBomb));
    report('PDF bomb, 500 ms deadline', measured);
    const error = errorOf(measured);
    expect(error.code).toBe('unprocessable_document');
    expect(error.details).toEqual({ reason: 'timeout', timeoutMs: 500 });
    expect(measured.elapsedMs).toBeLessThan(10_000);
  }, 60_000);

  it('terminates a PDF parse that passes its memory cap', async () => {
    const parser = new PdfParser({
      maxTextBytes: Number.MAX_SAFE_INTEGER,
      maxMemoryMb: 8,
      timeoutMs: 60_000,
    });
    const measured = await probe(() => parser.parse(pdfBomb));
    report('PDF bomb, 8 MB heap', measured);
    const error = errorOf(measured);
    expect(error.code).toBe('unprocessable_document');
    expect(error.details).toEqual({ reason: 'too_complex', maxMemoryMb: 8 });
  }, 90_000);

  it('refuses a DOCX whose document.xml inflates to 30 MB without blocking the event loop', async () => {
    const docxBomb = await buildDocxBomb(30 * 1024 * 1024);
    expect(docxBomb.length).toBeLessThan(1024 * 1024);
    const parser = new FileDocumentParser();
    const measured = await probe(() => parser.parse({ bytes: docxBomb, filename: 'bomb.docx' }));
    report(`DOCX bomb (${docxBomb.length} bytes)`, measured);
    const error = errorOf(measured);
    expect(error.code).toBe('payload_too_large');
    expect(measured.elapsedMs).toBeLessThan(15_000);
    expect(measured.longestGapMs).toBeLessThan(1_000);
  }, 90_000);

  it('refuses a DOCX with more text than the budget as payload_too_large', async () => {
    const parser = new DocxParser({ maxTextBytes: 256 * 1024 });
    const docx = await buildDocxBomb(2 * 1024 * 1024);
    const measured = await probe(() => parser.parse(docx));
    report('DOCX of 2 MB XML, 256 KiB budget', measured);
    const error = errorOf(measured);
    expect(error.code).toBe('payload_too_large');
    expect(error.details).toEqual({ reason: 'text_too_large', maxBytes: 256 * 1024 });
  }, 60_000);
});
