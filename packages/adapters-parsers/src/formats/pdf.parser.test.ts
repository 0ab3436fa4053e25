import { describe, expect, it } from 'vitest';
import { expectDomainError } from '../__fixtures__/expect-domain-error.js';
import { utf8 } from '../__fixtures__/bytes.js';
import { buildPdf, buildPdfWithoutText, buildRawPdf } from '../__fixtures__/pdf-samples.js';
import { PdfParser } from './pdf.parser.js';

const parser = new PdfParser();

describe('PdfParser', () => {
  it('reads the text layer into one section per page, with the title', async () => {
    const bytes = await buildPdf(
      ['Opening hours\nMonday to Friday', '', 'Returns within 30 days'],
      'Store guide',
    );
    const content = await parser.parse(bytes);
    expect(content.title).toBe('Store guide');
    expect(content.sections).toEqual([
      { headingPath: [], text: 'Opening hours\nMonday to Friday', metadata: { page: 1 } },
      { headingPath: [], text: 'Returns within 30 days', metadata: { page: 3 } },
    ]);
  });

  it('leaves the caller’s bytes untouched', async () => {
    const bytes = await buildPdf(['Hello']);
    const copy = bytes.slice();
    await parser.parse(bytes);
    expect(bytes).toEqual(copy);
  });

  it('has a null title when the PDF has none', async () => {
    expect((await parser.parse(buildRawPdf('Plain', false))).title).toBeNull();
  });

  it('refuses a password-protected PDF as unprocessable_document', async () => {
    const error = await expectDomainError(
      parser.parse(buildRawPdf('Secret', true)),
      'unprocessable_document',
    );
    expect(error.details).toEqual({ reason: 'encrypted' });
  });

  it('refuses more pages than any real upload instead of reading them all', async () => {
    const error = await expectDomainError(
      parser.parse(buildRawPdf('x', false, 5_001)),
      'unprocessable_document',
    );
    expect(error.details).toEqual({ maxPages: 5000 });
  });

  it('refuses a PDF without a text layer as empty_document', async () => {
    await expectDomainError(parser.parse(await buildPdfWithoutText()), 'empty_document');
  });

  it.each([
    ['garbage', () => utf8('%PDF-1.7 this is not really a PDF')],
    ['truncation', async () => (await buildPdf(['Some text'])).slice(0, 200)],
    ['random bytes', () => new Uint8Array(Array.from({ length: 512 }, (_, index) => (index * 151) % 256))],
  ])('refuses %s as unprocessable_document', async (_, build) => {
    const error = await expectDomainError(parser.parse(await build()), 'unprocessable_document');
    expect(error.details).toEqual({ reason: 'corrupt' });
  });
});
