import { describe, expect, it } from 'vitest';
import type { DocumentParser } from '../../ports/document-parser.port.js';
import { createIndexingWorld, projectA } from './__fixtures__/indexing-world.js';
import { deriveTitle, filenameStem, firstHeading } from './document-title.js';

const encode = (text: string) => new TextEncoder().encode(text);
const readme =
  'Chat Buddy answers from your documents.\n\n## Install\n\nnpm i\n\n## Use\n\nRun it.\n\n# License\n\nMIT';

/** A parser that reads no title and no headings (a PDF without document information). */
const untitledParser: DocumentParser = {
  supportedMimeTypes: ['application/pdf'],
  parse: async () => ({
    text: 'Basic costs 10 euros.',
    title: null,
    mimeType: 'application/pdf',
    sections: [{ headingPath: [], text: 'Basic costs 10 euros.', metadata: { page: 1 } }],
  }),
};

describe('document titles', () => {
  it('titles a text upload by its first heading of any level, not its first H1', async () => {
    const world = await createIndexingWorld();
    expect((await world.upload.execute(projectA, { content: readme })).title).toBe('Install');
  });

  it('titles a Markdown file by its first heading when the parser gives no structure', async () => {
    const world = await createIndexingWorld();
    const document = await world.uploadFile.execute(projectA, {
      filename: 'README.md',
      bytes: encode(readme),
    });
    expect(document.title).toBe('Install');
  });

  it('falls back to the file name without its extension', async () => {
    const world = await createIndexingWorld({ parser: untitledParser });
    const document = await world.uploadFile.execute(projectA, {
      filename: 'price-list.2026.pdf',
      bytes: encode('%PDF'),
    });
    expect(document).toMatchObject({ title: 'price-list.2026', filename: 'price-list.2026.pdf' });
  });

  it('prefers the title given with the upload, then the parser’s', () => {
    const base = { structure: { title: 'Declared' }, filename: 'a.md', content: '# Heading' };
    expect(deriveTitle({ ...base, title: ' Given ' })).toBe('Given');
    expect(deriveTitle(base)).toBe('Declared');
    expect(deriveTitle({ ...base, structure: { title: null } })).toBe('a');
    expect(deriveTitle({ structure: { title: null }, filename: null, content: '\n## First line\nx' })).toBe(
      'First line',
    );
    expect(deriveTitle({ structure: { title: null }, filename: null, content: ' ' })).toBe('Untitled');
  });

  it('reads stems and first headings', () => {
    expect(filenameStem('guide.md')).toBe('guide');
    expect(filenameStem('docs/archive.tar.gz')).toBe('archive.tar');
    expect(filenameStem('.env')).toBe('.env');
    expect(filenameStem('README')).toBe('README');
    expect(
      firstHeading([
        { headingPath: [], text: 'intro' },
        { headingPath: ['Install', 'Linux'], text: 'x' },
        { headingPath: ['License'], text: 'MIT' },
      ]),
    ).toBe('Install');
    expect(firstHeading([{ headingPath: [], text: 'x' }])).toBeNull();
  });
});
