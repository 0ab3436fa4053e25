import { describe, expect, it } from 'vitest';
import { utf8 } from '../__fixtures__/bytes.js';
import { MarkdownParser } from './markdown.parser.js';

const parser = new MarkdownParser();

const handbook = `Intro before any heading.

# Handbook

Welcome to the *handbook* with a [link](https://example.com).

## Setup

1. Install it
2. Run it
   - with \`--fast\`

\`\`\`sh
# not a heading
npm install

npm start
\`\`\`

### Details
Deep text.

## Usage
> Quoted tip

Setext heading
--------------
Under setext.
`;

describe('MarkdownParser', () => {
  it('splits sections by heading and keeps the heading path', async () => {
    const content = await parser.parse(utf8(handbook));
    expect(content.title).toBe('Handbook');
    expect(content.sections.map((section) => section.headingPath)).toEqual([
      [],
      ['Handbook'],
      ['Handbook', 'Setup'],
      ['Handbook', 'Setup', 'Details'],
      ['Handbook', 'Usage'],
      ['Handbook', 'Setext heading'],
    ]);
    expect(content.sections[1]?.text).toBe('Welcome to the handbook with a link.');
    expect(content.sections[4]?.text).toBe('Quoted tip');
    expect(content.sections[5]?.text).toBe('Under setext.');
  });

  it('keeps lists and code blocks as text', async () => {
    const content = await parser.parse(utf8(handbook));
    const setup = content.sections[2]?.text ?? '';
    expect(setup).toContain('1. Install it\n2. Run it\n  - with --fast');
    expect(setup).toContain('# not a heading\nnpm install\n\nnpm start');
  });

  it('drops YAML front matter and falls back to its title', async () => {
    const content = await parser.parse(
      utf8('---\ntitle: "Pricing FAQ"\ntags: [a]\n---\nPlans start at 10 EUR.'),
    );
    expect(content).toEqual({
      title: 'Pricing FAQ',
      sections: [{ headingPath: [], text: 'Plans start at 10 EUR.' }],
    });
  });

  it('takes the first heading that appears, of any level, not the first H1', async () => {
    const readme = 'Badges and a tagline.\n\n## Install\n\nnpm i\n\n## Usage\n\nRun it.\n\n# License\n\nMIT';
    expect((await parser.parse(utf8(readme))).title).toBe('Install');
    expect((await parser.parse(utf8('Setext title\n============\n\n# Later\ntext'))).title).toBe(
      'Setext title',
    );
  });

  it('prefers the front matter title to the first heading, and has none without either', async () => {
    expect((await parser.parse(utf8('---\ntitle: Pricing\n---\n## Plans\ntext'))).title).toBe('Pricing');
    expect((await parser.parse(utf8('No heading at all.\n\nJust text.'))).title).toBeNull();
  });

  it('stays fast on long documents with many lists', async () => {
    const unit =
      '# Topic\n\nA paragraph with *emphasis* and [links](https://x.test).\n\n- item\n- item two\n\n';
    const started = performance.now();
    const content = await parser.parse(utf8(unit.repeat(300)));
    expect(content.sections).toHaveLength(300);
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 15_000);

  it('keeps pathologically nested containers as plain text instead of hanging', async () => {
    const nested = Array.from({ length: 400 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join(
      '\n',
    );
    const quotes = `${'>'.repeat(5000)} deep`;
    for (const source of [nested, quotes]) {
      const started = performance.now();
      const content = await parser.parse(utf8(source));
      expect(content.sections).toHaveLength(1);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  // One paragraph of link-like text costs the CommonMark parser time quadratic in its length:
  // 256 KB of it took 44 s. Cut into segments it takes about a second; the time limit is the assertion.
  it('reads a 256 KB paragraph of link-like text (linear cost)', { timeout: 20_000 }, async () => {
    const source = Array.from({ length: 256 }, () => '[a]('.repeat(256)).join('\n');
    const content = await new MarkdownParser().parse(new TextEncoder().encode(source));
    expect(content.sections.map((section) => section.text).join('').length).toBeGreaterThan(200_000);
  });
});
