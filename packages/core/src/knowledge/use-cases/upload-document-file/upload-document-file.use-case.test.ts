import { describe, expect, it, vi } from 'vitest';
import { createIndexingWorld, projectA } from '../../indexing/__fixtures__/indexing-world.js';
import type { DocumentParser } from '../../../ports/document-parser.port.js';
import { uploadDocumentFileInput } from './upload-document-file.input.js';

const encode = (text: string) => new TextEncoder().encode(text);

/** A parser answering like a PDF parser: one section per page. */
const pdfParser: DocumentParser = {
  supportedMimeTypes: ['application/pdf'],
  parse: async () => ({
    text: 'Price list\r\nBasic costs 10 euros.\r\n\r\nPro costs 30 euros.',
    title: 'Prices',
    mimeType: 'application/pdf',
    sections: [
      { headingPath: ['Price list'], text: 'Price list\r\nBasic costs 10 euros.', metadata: { page: 1 } },
      { headingPath: ['Price list'], text: 'Pro costs 30 euros.', metadata: { page: 2 } },
    ],
  }),
};

describe('UploadDocumentFile', () => {
  it('parses, stores and indexes a file with the parser’s structure', async () => {
    const world = await createIndexingWorld({ parser: pdfParser });
    const input = uploadDocumentFileInput.parse({
      filename: 'prices.pdf',
      bytes: encode('%PDF'),
      mimeType: 'application/pdf',
    });
    const document = await world.uploadFile.execute(projectA, input);
    expect(document).toMatchObject({
      status: 'ready',
      title: 'Prices',
      filename: 'prices.pdf',
      mimeType: 'application/pdf',
    });
    const chunks = await world.ports.documents.listChunks(projectA, document.id);
    expect(chunks.map((chunk) => [chunk.text, chunk.metadata])).toEqual([
      ['Price list\nBasic costs 10 euros.', { page: 1 }],
      ['Pro costs 30 euros.', { page: 2 }],
    ]);
    const stored = await world.get.execute(projectA, { documentId: document.id });
    for (const chunk of chunks) expect(stored.content.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.text);
  });

  it('keeps page metadata through a reindex', async () => {
    const world = await createIndexingWorld({ parser: pdfParser });
    const document = await world.uploadFile.execute(projectA, {
      filename: 'prices.pdf',
      bytes: encode('%PDF'),
    });
    await world.reindex.execute(projectA, { documentId: document.id });
    const chunks = await world.ports.documents.listChunks(projectA, document.id);
    expect(chunks.map((chunk) => chunk.metadata)).toEqual([{ page: 1 }, { page: 2 }]);
  });

  it('uses Markdown headings from the default parser, and refuses what it cannot parse', async () => {
    const world = await createIndexingWorld();
    const document = await world.uploadFile.execute(projectA, {
      filename: 'faq.md',
      bytes: encode('# FAQ\n\n## Hours\n\nWe open at nine.'),
    });
    const [chunk] = await world.ports.documents.listChunks(projectA, document.id);
    expect(chunk!.headingPath).toEqual(['FAQ', 'Hours']);
    await expect(
      world.uploadFile.execute(projectA, {
        filename: 'page.html',
        bytes: encode('<p>x</p>'),
        mimeType: 'text/html',
      }),
    ).rejects.toMatchObject({ code: 'unsupported_media_type' });
    await expect(
      world.uploadFile.execute(projectA, { filename: 'empty.txt', bytes: encode('  ') }),
    ).rejects.toMatchObject({
      code: 'empty_document',
    });
  });

  it('refuses metadata over the limits before parsing the file', async () => {
    const parse = vi.fn(pdfParser.parse);
    const world = await createIndexingWorld({ parser: { ...pdfParser, parse } });
    const metadata = { note: 'é'.repeat(8_200) };
    await expect(
      world.uploadFile.execute(projectA, { filename: 'prices.pdf', bytes: encode('%PDF'), metadata }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: {
        issues: [expect.objectContaining({ path: 'metadata', message: expect.stringContaining('bytes') })],
      },
    });
    expect(parse).not.toHaveBeenCalled();
    expect(await world.ports.documents.count(projectA)).toBe(0);
  });

  it('refuses a file over the limit before parsing it', async () => {
    const parse = vi.fn(pdfParser.parse);
    const world = await createIndexingWorld({ parser: { ...pdfParser, parse } });
    await expect(
      world.uploadFile.execute(projectA, { filename: 'big.pdf', bytes: new Uint8Array(30_001) }),
    ).rejects.toMatchObject({ code: 'payload_too_large', details: { maxBytes: 30_000 } });
    expect(parse).not.toHaveBeenCalled();
    expect(uploadDocumentFileInput.safeParse({ filename: 'x.txt', bytes: 'text' }).success).toBe(false);
  });
});
