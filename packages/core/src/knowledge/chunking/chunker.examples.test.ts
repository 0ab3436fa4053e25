import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../ports/document-parser.port.js';
import { FakeTokenCounter } from '../../testing/fake-token-counter.js';
import { chunkDocument, defaultChunkingOptions, resolveChunkingOptions } from './chunker.js';
import { parseMarkdownText } from './markdown-sections.js';

const counter = new FakeTokenCounter();
const plain = (text: string): ParsedDocument => ({ text, title: null, mimeType: 'text/plain', sections: [] });
const sentence = (index: number) => `Sentence number ${index} explains one small fact about refunds.`;

describe('chunkDocument examples', () => {
  it('returns no chunk for empty or whitespace-only text', () => {
    expect(chunkDocument(plain(''), counter)).toEqual([]);
    expect(chunkDocument(plain(' \n\t\n  \u00a0 '), counter)).toEqual([]);
  });

  it('keeps a short document in one chunk equal to its trimmed text', () => {
    const [chunk, ...rest] = chunkDocument(plain('\n  Refunds take 30 days.  \n'), counter);
    expect(rest).toEqual([]);
    expect(chunk).toMatchObject({
      text: 'Refunds take 30 days.',
      charStart: 3,
      charEnd: 24,
      headingPath: [],
    });
  });

  it('overlaps consecutive chunks of a section by whole sentences within the overlap budget', () => {
    const text = Array.from({ length: 40 }, (_, index) => sentence(index)).join(' ');
    const chunks = chunkDocument(plain(text), counter, { maxTokens: 60, overlapTokens: 20 });
    expect(chunks.length).toBeGreaterThan(3);
    for (let index = 1; index < chunks.length; index++) {
      const previous = chunks[index - 1]!;
      const current = chunks[index]!;
      expect(current.charStart).toBeLessThan(previous.charEnd);
      const shared = text.slice(current.charStart, previous.charEnd);
      expect(counter.count(shared)).toBeLessThanOrEqual(20);
      expect(shared).toMatch(/^Sentence number \d+ .*\.$/);
    }
  });

  it('never overlaps across sections and ends chunks at paragraphs when half full', () => {
    const paragraph = (name: string) =>
      Array.from({ length: 4 }, (_, index) => `${name} fact ${index} is here.`).join(' ');
    const text = `# Guide\n## Refunds\n${paragraph('Refund')}\n\n${paragraph('Return')}\n## Shipping\n${paragraph('Ship')}`;
    const chunks = chunkDocument(parseMarkdownText(text), counter, { maxTokens: 40, overlapTokens: 8 });
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([
      ['Guide', 'Refunds'],
      ['Guide', 'Refunds'],
      ['Guide', 'Shipping'],
    ]);
    expect(chunks[0]!.text).toBe(`# Guide\n## Refunds\n${paragraph('Refund')}`);
    expect(chunks[1]!.text.endsWith(paragraph('Return'))).toBe(true);
    expect(chunks[2]!.charStart).toBeGreaterThanOrEqual(chunks[1]!.charEnd);
  });

  it('splits list items apart before sentences', () => {
    const items = Array.from(
      { length: 12 },
      (_, index) => `- Plan ${index} costs ${index * 10} euros a month`,
    );
    const text = `Our plans:\n${items.join('\n')}`;
    const chunks = chunkDocument(plain(text), counter, { maxTokens: 40, overlapTokens: 0 });
    for (const chunk of chunks.slice(1)) expect(chunk.text.startsWith('- Plan')).toBe(true);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.text.endsWith('a month')).toBe(true);
  });

  it('cuts a huge single-line input without spaces into in-budget pieces, quickly', () => {
    const text = `${'abcdefghij'.repeat(50_000)}😀`;
    const started = performance.now();
    const chunks = chunkDocument(plain(text), counter, { maxTokens: 300, overlapTokens: 45 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(text);
    expect(chunks.every((chunk) => chunk.tokenCount <= 300)).toBe(true);
    // Cuts inside a word are guessed and kept once 90 % full: never more than 1/0.9 of the fewest.
    expect(chunks.slice(0, -1).every((chunk) => chunk.tokenCount >= 270)).toBe(true);
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(text.length / 1200));
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(text.length / 1080));
  });

  it('handles a huge single line of words without punctuation', () => {
    const text = Array.from({ length: 60_000 }, (_, index) => `word${index % 97}`).join(' ');
    const chunks = chunkDocument(plain(text), counter);
    expect(chunks.every((chunk) => chunk.tokenCount <= defaultChunkingOptions.maxTokens)).toBe(true);
    expect(chunks[0]!.charStart).toBe(0);
    expect(chunks.at(-1)!.charEnd).toBe(text.length);
  });

  it('lets a single character that alone exceeds the budget through, and only that', () => {
    const heavy = {
      count: (text: string) => [...text].reduce((sum, char) => sum + (char === '€' ? 5 : 1), 0),
    };
    const chunks = chunkDocument(plain('ab€cd'), heavy, { maxTokens: 2, overlapTokens: 0 });
    expect(chunks.map((chunk) => [chunk.text, chunk.tokenCount])).toEqual([
      ['ab', 2],
      ['€', 5],
      ['cd', 2],
    ]);
  });

  it('never emits a chunk that ends inside the previous one (a list item repeated as pure overlap)', () => {
    const text = '!\n1. \n1. refund';
    const chunks = chunkDocument(parseMarkdownText(text), counter, {
      maxTokens: 2,
      overlapTokens: 1,
      minFillRatio: 0,
    });
    expect(chunks.map((chunk) => [chunk.charStart, chunk.charEnd])).toEqual([
      [0, 4],
      [2, 8],
      [9, 15],
    ]);
  });

  it('rejects impossible options', () => {
    expect(() => resolveChunkingOptions({ maxTokens: 0 })).toThrow(/maxTokens/);
    expect(() => resolveChunkingOptions({ maxTokens: 10, overlapTokens: 10 })).toThrow(/overlapTokens/);
    expect(() => resolveChunkingOptions({ minFillRatio: 2 })).toThrow(/minFillRatio/);
  });
});
