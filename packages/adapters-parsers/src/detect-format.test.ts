import { describe, expect, it } from 'vitest';
import { buildZip, utf8 } from './__fixtures__/bytes.js';
import { detectFormat } from './detect-format.js';

const bytes = utf8('hello');

describe('detectFormat', () => {
  it('trusts a specific media type, ignoring its parameters and case', () => {
    expect(detectFormat({ bytes, mimeType: 'Text/Markdown; charset=UTF-8', filename: 'a.txt' })).toBe(
      'markdown',
    );
    expect(detectFormat({ bytes, mimeType: 'application/ld+json' })).toBe('json');
    expect(detectFormat({ bytes, mimeType: 'application/xhtml+xml' })).toBe('html');
  });

  it('lets a text format’s extension refine text/plain, but not a binary one', () => {
    expect(detectFormat({ bytes, mimeType: 'text/plain', filename: 'faq.csv' })).toBe('csv');
    expect(detectFormat({ bytes, mimeType: 'text/plain', filename: 'notes.md' })).toBe('markdown');
    expect(detectFormat({ bytes, mimeType: 'text/plain', filename: 'fake.pdf' })).toBe('text');
  });

  it('falls back to the extension when the media type is missing or generic', () => {
    expect(detectFormat({ bytes, filename: 'Faq.CSV' })).toBe('csv');
    expect(detectFormat({ bytes, mimeType: 'application/vnd.ms-excel', filename: 'faq.csv' })).toBe('csv');
    expect(detectFormat({ bytes, mimeType: 'application/octet-stream', filename: 'dir/notes.md' })).toBe(
      'markdown',
    );
    expect(detectFormat({ bytes, filename: 'report.docx' })).toBe('docx');
  });

  it('sniffs PDF, DOCX, HTML and text from the bytes when nothing else tells', () => {
    expect(detectFormat({ bytes: utf8('%PDF-1.7\n...') })).toBe('pdf');
    const docx = buildZip([{ name: 'word/document.xml', content: utf8('<w:document/>') }]);
    expect(detectFormat({ bytes: docx, filename: 'upload' })).toBe('docx');
    expect(detectFormat({ bytes: utf8('\ufeff  <!DOCTYPE html><p>x</p>') })).toBe('html');
    expect(detectFormat({ bytes: utf8('Just some notes') })).toBe('text');
  });

  it.each([
    [{ mimeType: 'image/png', filename: 'a.txt' }, 'image/png'],
    [{ filename: 'legacy.doc' }, '.doc'],
    [{ mimeType: 'application/octet-stream' }, 'application/octet-stream'],
  ])('refuses unknown types with unsupported_media_type (%o)', (input, described) => {
    const binary = new Uint8Array([0, 159, 146, 150, 0, 1]);
    expect(() => detectFormat({ bytes: binary, ...input })).toThrow(
      expect.objectContaining({ code: 'unsupported_media_type', details: { type: described } }),
    );
  });

  it('refuses a ZIP archive that is not a Word document', () => {
    const zip = buildZip([{ name: 'data.txt', content: utf8('x') }]);
    expect(() => detectFormat({ bytes: zip })).toThrow(
      expect.objectContaining({ code: 'unsupported_media_type' }),
    );
  });
});
