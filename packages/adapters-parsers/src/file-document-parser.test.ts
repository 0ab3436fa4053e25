import { DomainError, isDomainError } from '@chatbuddy/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDomainError } from './__fixtures__/expect-domain-error.js';
import { utf8 } from './__fixtures__/bytes.js';
import { buildDocx } from './__fixtures__/docx-samples.js';
import { buildPdf, buildPdfWithoutText } from './__fixtures__/pdf-samples.js';
import { FileDocumentParser } from './file-document-parser.js';
import { parserErrorCodes } from './parse-errors.js';

const parser = new FileDocumentParser();

describe('FileDocumentParser', () => {
  let pdf: Uint8Array;
  let docx: Uint8Array;
  beforeAll(async () => {
    pdf = await buildPdf(['Page one text', 'Page two text'], 'Guide');
    docx = await buildDocx('Handbook');
  });

  it('lists the media types it parses', () => {
    expect([...parser.supportedMimeTypes].sort()).toEqual([
      'application/json',
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'text/csv',
      'text/html',
      'text/markdown',
      'text/plain',
      'text/tab-separated-values',
    ]);
  });

  it.each([
    ['notes.txt', 'text/plain', 'Remember the milk', null, 'Remember the milk'],
    [
      'guide.md',
      'text/markdown',
      '# Guide\n\nIntro\n\n## Install\n\nRun it',
      'Guide',
      'Guide\n\nIntro\n\nInstall\n\nRun it',
    ],
    ['page.html', 'text/html', '<title>T</title><h2>A</h2><p>B</p>', 'T', 'A\n\nB'],
    ['faq.csv', 'text/csv', 'Question,Answer\nWhy?,Because', null, 'Question: Why? | Answer: Because'],
    ['faq.tsv', 'text/tab-separated-values', 'Q\tA\nWhy?\tBecause', null, 'Q: Why? | A: Because'],
    ['data.json', 'application/json', '{"a":{"b":1}}', null, 'a.b: 1'],
  ])('parses %s as %s', async (filename, mimeType, source, title, text) => {
    const document = await parser.parse({ bytes: utf8(source), filename });
    expect(document).toMatchObject({ mimeType, title, text });
    expect(document.sections.length).toBeGreaterThan(0);
  });

  it('parses PDF and DOCX recognised from their bytes alone', async () => {
    const fromPdf = await parser.parse({ bytes: pdf });
    expect(fromPdf).toMatchObject({
      mimeType: 'application/pdf',
      title: 'Guide',
      text: 'Page one text\n\nPage two text',
    });
    const fromDocx = await parser.parse({ bytes: docx, mimeType: 'application/octet-stream' });
    expect(fromDocx.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(fromDocx.title).toBe('Handbook');
    expect(fromDocx.text).toContain('Returns\n\nItems can be returned within 30 days\n\nRefunds');
  });

  it.each([
    ['blank text', { bytes: utf8(' \n '), filename: 'a.txt' }],
    ['headings only', { bytes: utf8('# Title\n## Sub'), filename: 'a.md' }],
    ['a page of chrome', { bytes: utf8('<nav>Home</nav><footer>©</footer>'), filename: 'a.html' }],
    ['a CSV header', { bytes: utf8('Question,Answer\n'), filename: 'a.csv' }],
    ['an empty JSON object', { bytes: utf8('{"a": {}, "b": [], "c": null}'), filename: 'a.json' }],
  ])('refuses %s as empty_document', async (_, input) => {
    await expectDomainError(parser.parse(input), 'empty_document');
  });

  it('refuses a PDF without text as empty_document', async () => {
    await expectDomainError(
      parser.parse({ bytes: await buildPdfWithoutText(), filename: 'scan.pdf' }),
      'empty_document',
    );
  });

  it('refuses unknown types as unsupported_media_type', async () => {
    await expectDomainError(
      parser.parse({ bytes: utf8('x'), mimeType: 'image/png' }),
      'unsupported_media_type',
    );
    await expectDomainError(
      parser.parse({ bytes: utf8('x'), filename: 'sheet.xlsx' }),
      'unsupported_media_type',
    );
  });

  it('wraps any other error of a format parser, keeping it only as the cause', async () => {
    const failure = new TypeError('internal detail /etc/secret');
    const broken = new FileDocumentParser({ text: { parse: () => Promise.reject(failure) } });
    const error = await expectDomainError(
      broken.parse({ bytes: utf8('x'), filename: 'a.txt' }),
      'unprocessable_document',
    );
    expect(error.message).toBe('The text file could not be read');
    expect((error as unknown as Error).cause).toBe(failure);
    const foreign = new FileDocumentParser({
      text: { parse: () => Promise.reject(new DomainError('internal_error', 'x')) },
    });
    await expectDomainError(foreign.parse({ bytes: utf8('x'), filename: 'a.txt' }), 'unprocessable_document');
  });

  it('turns random or damaged bytes of any claimed type into a document or one of its three errors', async () => {
    const claims = [
      ...parser.supportedMimeTypes.map((mimeType) => ({ mimeType })),
      ...['a.txt', 'a.md', 'a.html', 'a.csv', 'a.json', 'a.pdf', 'a.docx', 'a.bin', 'noextension'].map(
        (filename) => ({ filename }),
      ),
      { mimeType: 'image/png' },
      {},
    ];
    const samples = [pdf, docx, utf8('{"a":[1,{"b":"c"}]}'), utf8('a,b\n"1",2\n'), utf8('<p>x</p>')];
    const damaged = fc
      .record({
        sample: fc.constantFrom(...samples),
        edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        cut: fc.option(fc.nat()),
      })
      .map(({ sample, edits, cut }) => {
        const bytes = sample.slice(0, cut === null ? undefined : cut % (sample.length + 1));
        for (const [position, value] of edits) if (bytes.length > 0) bytes[position % bytes.length] = value;
        return bytes;
      });
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 2048 }), damaged);
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom(...claims), async (content, claim) => {
        try {
          const document = await parser.parse({ bytes: content, ...claim });
          expect(document.text.trim()).not.toBe('');
          expect(document.sections.length).toBeGreaterThan(0);
        } catch (error) {
          expect(isDomainError(error)).toBe(true);
          expect(parserErrorCodes).toContain((error as DomainError).code);
        }
      }),
      { numRuns: 200 },
    );
  }, 20_000);
});
