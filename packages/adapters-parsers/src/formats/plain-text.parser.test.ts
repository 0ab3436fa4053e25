import { describe, expect, it } from 'vitest';
import { expectDomainError } from '../__fixtures__/expect-domain-error.js';
import { utf8 } from '../__fixtures__/bytes.js';
import { PlainTextParser } from './plain-text.parser.js';

const parser = new PlainTextParser();

describe('PlainTextParser', () => {
  it('strips the BOM, normalises line ends and keeps one section', async () => {
    const content = await parser.parse(utf8('\ufeffHello\r\nWorld  \r\n\r\n\r\n\r\nBye'));
    expect(content).toEqual({ title: null, sections: [{ headingPath: [], text: 'Hello\nWorld\n\nBye' }] });
  });

  it('reads UTF-16 text announced by its BOM', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from('Ça va', 'utf16le')]);
    expect((await parser.parse(bytes)).sections[0]?.text).toBe('Ça va');
  });

  it('refuses invalid UTF-8 as unprocessable_document', async () => {
    await expectDomainError(parser.parse(new Uint8Array([0x48, 0xc3, 0x28, 0xff])), 'unprocessable_document');
  });

  it('refuses text with NUL characters (binary data) as unprocessable_document', async () => {
    await expectDomainError(parser.parse(utf8('abc\u0000def')), 'unprocessable_document');
  });

  it('returns no section for blank text', async () => {
    expect((await parser.parse(utf8(' \n\t\n'))).sections).toEqual([]);
  });
});
