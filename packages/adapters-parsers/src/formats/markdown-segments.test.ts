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
