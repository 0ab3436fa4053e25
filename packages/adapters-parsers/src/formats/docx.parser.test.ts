import { describe, expect, it } from 'vitest';
import { expectDomainError } from '../__fixtures__/expect-domain-error.js';
import { buildZip, utf8 } from '../__fixtures__/bytes.js';
import { buildDocx } from '../__fixtures__/docx-samples.js';
import { DocxParser } from './docx.parser.js';
import { readZip } from './zip-archive.js';

const parser = new DocxParser();

describe('DocxParser', () => {
  it('keeps headings as heading paths, lists and tables as text, and the title', async () => {
    const content = await parser.parse(await buildDocx('Customer handbook'));
    expect(content.title).toBe('Customer handbook');
    expect(content.sections).toEqual([
      { headingPath: ['Returns'], text: 'Items can be returned within 30 days' },
      { headingPath: ['Returns', 'Refunds'], text: '- Refunds take five working days.' },
      { headingPath: ['Shipping'], text: 'Zone | Days\nEurope | 3' },
    ]);
  });

  it('takes the first heading as the title without document properties', async () => {
    expect((await parser.parse(await buildDocx())).title).toBe('Returns');
  });

  it.each([
    ['garbage', () => utf8('PK\u0003\u0004 not a zip at all')],
    ['truncation', async () => (await buildDocx()).slice(0, 2000)],
    ['a ZIP without word/document.xml', () => buildZip([{ name: 'notes.xml', content: utf8('<a/>') }])],
    ['a document.xml that is not XML', () => buildZip([{ name: 'word/document.xml', content: utf8('<<<') }])],
  ])('refuses %s as unprocessable_document', async (_, build) => {
    await expectDomainError(parser.parse(await build()), 'unprocessable_document');
  });

  it('refuses XML entity expansion ("billion laughs") without expanding it', async () => {
    const parts = await readZip(
      await buildDocx(),
      { maxEntries: 100, maxTotalBytes: 10_000_000 },
      () => true,
    );
    let entities = '<!ENTITY lol0 "lol">';
    for (let level = 1; level < 10; level++)
      entities += `<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`;
    const xml = parts
      .get('word/document.xml')!
      .toString()
      .replace(/^(<\?xml[^>]*\?>)?/, (declaration) => `${declaration}<!DOCTYPE w:document [${entities}]>`)
      .replace('Returns', '&lol9;');
    expect(xml).toMatch(/^<\?xml[^>]*\?>\s*<!DOCTYPE/);
    const entries = [...parts].map(([name, content]) => ({
      name,
      content: name === 'word/document.xml' ? utf8(xml) : content,
    }));
    await expectDomainError(parser.parse(buildZip(entries)), 'unprocessable_document');
  });

  describe('zip bombs', () => {
    const small = new DocxParser({ maxEntries: 50, maxTotalBytes: 1024 * 1024 });
    const zeros = new Uint8Array(2 * 1024 * 1024);

    it('refuses parts that declare more than the budget', async () => {
      const bomb = buildZip([{ name: 'word/document.xml', content: zeros }]);
      expect(bomb.length).toBeLessThan(10_000);
      const error = await expectDomainError(small.parse(bomb), 'unprocessable_document');
      expect(error.details).toMatchObject({ reason: 'too_large' });
    });

    it('refuses parts whose headers lie about their size', async () => {
      const bomb = buildZip([{ name: 'word/document.xml', content: zeros, declaredSize: 100 }]);
      const error = await expectDomainError(small.parse(bomb), 'unprocessable_document');
      expect(error.details).toMatchObject({ reason: 'an entry inflates beyond its declared size' });
    });

    it('refuses archives with too many entries', async () => {
      const entries = Array.from({ length: 51 }, (_, index) => ({
        name: `word/p${index}.xml`,
        content: utf8('<a/>'),
      }));
      const error = await expectDomainError(small.parse(buildZip(entries)), 'unprocessable_document');
      expect(error.details).toMatchObject({ reason: 'too_large' });
    });
  });
});
