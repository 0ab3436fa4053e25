import { describe, expect, it } from 'vitest';
import { nestsTooDeeply, splitMarkdown } from './markdown-segments.js';

describe('splitMarkdown', () => {
  it('splits before ATX headings but never inside a fenced code block', () => {
    const source = 'intro\n# One\ntext\n```\n# comment\n```\n## Two\nmore';
    expect(splitMarkdown(source)).toEqual(['intro', '# One\ntext\n```\n# comment\n```', '## Two\nmore']);
  });

  it('splits long heading-less text at blank lines', () => {
    const paragraph = 'word '.repeat(1000);
    const segments = splitMarkdown(`${paragraph}\n\n${paragraph}\n\n${paragraph}`);
    expect(segments.length).toBeGreaterThan(1);
    expect(segments.join('\n')).toBe(`${paragraph}\n\n${paragraph}\n\n${paragraph}`);
  });
});

describe('splitMarkdown limits', () => {
  it('cuts a long block at lines and a long line after a space, never past 8 KB outside code', () => {
    const block = 'a line of [text](http://x) here\n'.repeat(3_000).trimEnd();
    const segments = splitMarkdown(block);
    expect(segments.length).toBeGreaterThan(10);
    expect(segments.every((segment) => segment.length <= 8_192)).toBe(true);
    expect(segments.join('\n')).toBe(block);
    const line = 'word '.repeat(20_000);
    const pieces = splitMarkdown(line);
    expect(pieces.every((piece) => piece.length <= 8_192)).toBe(true);
    expect(pieces.join('')).toBe(line);
    expect(splitMarkdown('😀'.repeat(10_000)).every((piece) => !/^[\udc00-\udfff]/.test(piece))).toBe(true);
  });

  it('keeps a long fenced code block whole', () => {
    const code = `\`\`\`\n${'x = 1\n'.repeat(5_000)}\`\`\``;
    expect(splitMarkdown(`intro\n\n${code}`)).toEqual([`intro\n\n${code}`]);
  });
});

describe('nestsTooDeeply', () => {
  it('accepts ordinary nesting', () => {
    expect(nestsTooDeeply('- a\n  - b\n    - c\n> quote\n> > nested\n1. one\n2. two')).toBe(false);
  });

  it.each([
    ['indented lists', Array.from({ length: 20 }, (_, level) => `${'  '.repeat(level)}- x`).join('\n')],
    ['block quotes', `${'> '.repeat(20)}x`],
    ['markers on one line', `${'- '.repeat(20)}x`],
  ])('flags deeply nested %s', (_, source) => {
    expect(nestsTooDeeply(source)).toBe(true);
  });
});
