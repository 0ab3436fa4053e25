import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedSection } from '../../ports/document-parser.port.js';
import type { TokenCounter } from '../../ports/token-counter.port.js';
import { FakeTokenCounter } from '../../testing/fake-token-counter.js';
import { chunkDocument, chunkSections, type TextChunk } from './chunker.js';
import { parseMarkdownText } from './markdown-sections.js';
import { layoutSections } from './section-layout.js';

const quarters = new FakeTokenCounter();
/** Words and punctuation marks: not additive over concatenation, unlike character counts. */
const words: TokenCounter = { count: (text) => (text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).length };
const codePoints: TokenCounter = { count: (text) => [...text].length };
const counters = { quarters, words, codePoints };

const fragment = fc.oneof(
  fc.constantFrom(
    'refund',
    'policy',
    'Pricing',
    'days',
    'the',
    'a',
    '30',
    'café',
    '😀',
    '日本語',
    'x'.repeat(70),
  ),
  fc.constantFrom(
    ' ',
    ' ',
    ' ',
    '. ',
    '? ',
    '! ',
    ', ',
    '\n',
    '\n\n',
    '\n- ',
    '\n1. ',
    '\n## Heading ',
    '\t',
    '。',
  ),
  fc.string({ maxLength: 6 }),
);
const documentText = fc.array(fragment, { maxLength: 120 }).map((parts) => parts.join(''));
const options = fc.record({
  maxTokens: fc.integer({ min: 1, max: 60 }),
  overlapFraction: fc.double({ min: 0, max: 0.9, noNaN: true }),
  minFillRatio: fc.double({ min: 0, max: 1, noNaN: true }),
  counter: fc.constantFrom<keyof typeof counters>('quarters', 'words', 'codePoints'),
});
const numRuns = 150;

function expectCoverage(text: string, chunks: TextChunk[]): void {
  const covered = new Uint8Array(text.length);
  for (const chunk of chunks) {
    expect(chunk.text).toBe(text.slice(chunk.charStart, chunk.charEnd));
    expect(chunk.text).toBe(chunk.text.trim());
    expect(chunk.text.length).toBeGreaterThan(0);
    covered.fill(1, chunk.charStart, chunk.charEnd);
  }
  for (let index = 0; index < text.length; index++) {
    if (!/\s/.test(text[index]!)) expect(covered[index], `character ${index} uncovered`).toBe(1);
  }
}

describe('chunkDocument properties', () => {
  it('covers every non-whitespace character with exact slices, within budget and overlap, in order', () => {
    fc.assert(
      fc.property(documentText, options, (text, { maxTokens, overlapFraction, minFillRatio, counter }) => {
        const overlapTokens = Math.floor(maxTokens * overlapFraction);
        const tokens = counters[counter];
        const chunks = chunkDocument(parseMarkdownText(text), tokens, {
          maxTokens,
          overlapTokens,
          minFillRatio,
        });
        expectCoverage(text, chunks);
        for (const [index, chunk] of chunks.entries()) {
          expect(chunk.tokenCount).toBe(tokens.count(chunk.text));
          if ([...chunk.text].length > 1) expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
          const previous = chunks[index - 1];
          if (!previous) continue;
          expect(chunk.charStart).toBeGreaterThan(previous.charStart);
          expect(chunk.charEnd).toBeGreaterThan(previous.charEnd);
          if (chunk.charStart < previous.charEnd) {
            expect(chunk.headingPath).toEqual(previous.headingPath);
            expect(tokens.count(text.slice(chunk.charStart, previous.charEnd))).toBeLessThanOrEqual(
              overlapTokens,
            );
          }
        }
      }),
      { numRuns },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const document = parseMarkdownText(text);
        expect(chunkDocument(document, words, { maxTokens: 12, overlapTokens: 3 })).toEqual(
          chunkDocument(structuredClone(document), words, { maxTokens: 12, overlapTokens: 3 }),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('keeps every chunk inside one section, with its heading path and metadata', () => {
    const section = fc.record({
      headingPath: fc.array(fc.constantFrom('Billing', 'Refunds', 'FAQ'), { maxLength: 2 }),
      text: documentText,
      metadata: fc.record({ page: fc.nat(99) }),
    });
    fc.assert(
      fc.property(fc.array(section, { maxLength: 5 }), fc.boolean(), (sections, unplaceable) => {
        const text = sections.map((part) => `# ${part.headingPath.join(' ')}\n${part.text}`).join('\n\n');
        const parsed = {
          text,
          title: null,
          mimeType: 'application/pdf',
          sections: [...sections] as ParsedSection[],
        };
        if (unplaceable)
          parsed.sections.push({ headingPath: ['Ghost'], text: 'not in the text §§', metadata: { page: 1 } });
        const chunks = chunkDocument(parsed, quarters, { maxTokens: 20, overlapTokens: 5 });
        expectCoverage(text, chunks);
        const ranges = layoutSections(parsed);
        for (const chunk of chunks) {
          const range = ranges.find(
            (candidate) => candidate.start <= chunk.charStart && chunk.charEnd <= candidate.end,
          );
          expect(range).toBeDefined();
          expect(chunk.headingPath).toEqual(range!.headingPath);
          expect(chunk.metadata).toEqual(range!.metadata);
          expect(chunk.headingPath).not.toContain('Ghost');
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('chunkDocument with a range counter', () => {
  it("counts every slice through the counter's rangeCounter, with the same chunks as count alone", () => {
    const document = parseMarkdownText(
      `# Refunds\n\n${'Refunds are paid within 14 days of the request. '.repeat(40)}\n\n## Exceptions\n\n${'Sale items are final. '.repeat(30)}`,
    );
    let sliceCounts = 0;
    let textCounts = 0;
    const ranged: TokenCounter = {
      count: (text) => {
        textCounts++;
        return words.count(text);
      },
      rangeCounter: (text) => (start, end) => {
        sliceCounts++;
        return words.count(text.slice(start, end));
      },
    };
    const chunks = chunkDocument(document, ranged, { maxTokens: 40, overlapTokens: 8 });
    expect(chunks).toEqual(chunkDocument(document, words, { maxTokens: 40, overlapTokens: 8 }));
    expect(chunks.length).toBeGreaterThan(3);
    expect(sliceCounts).toBeGreaterThan(0);
    expect(textCounts).toBe(0);
  });
});

/** Counts words through a range counter, recording every text a range counter was made for. */
function recordingCounter(): { counted: string[]; ranged: TokenCounter } {
  const counted: string[] = [];
  const ranged: TokenCounter = {
    count: (slice) => words.count(slice),
    rangeCounter: (whole) => {
      counted.push(whole);
      return (start, end) => words.count(whole.slice(start, end));
    },
  };
  return { counted, ranged };
}

describe('chunkSections', () => {
  it("gives chunkDocument's chunks section by section, each made when asked for from that section's text alone", () => {
    fc.assert(
      fc.property(documentText, fc.integer({ min: 1, max: 40 }), (text, maxTokens) => {
        const document = parseMarkdownText(text);
        const limits = { maxTokens, overlapTokens: Math.floor(maxTokens / 4) };
        const { counted, ranged } = recordingCounter();
        const sections = chunkSections(document, ranged, limits);
        const yielded: TextChunk[][] = [];
        for (let next = sections.next(); !next.done; next = sections.next()) {
          // Only the sections handed out so far have been split.
          expect(counted.length).toBeLessThanOrEqual(layoutSections(document).length);
          expect(next.value.length).toBeGreaterThan(0);
          expect(counted.length).toBeGreaterThan(yielded.length);
          for (const chunk of next.value) expect(chunk.headingPath).toEqual(next.value[0]!.headingPath);
          yielded.push(next.value);
        }
        expect(yielded.flat()).toEqual(chunkDocument(document, words, limits));
        for (const sectionText of counted) {
          expect(
            layoutSections(document).some((range) => text.slice(range.start, range.end) === sectionText),
          ).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('splits a section only when its chunks are asked for, and checks options before any', () => {
    const document = parseMarkdownText('# One\n\nFirst section text.\n\n# Two\n\nSecond section text.');
    const { counted, ranged } = recordingCounter();
    const sections = chunkSections(document, ranged, { maxTokens: 50, overlapTokens: 5 });
    expect(counted).toEqual([]);
    expect(sections.next().value).toMatchObject([{ headingPath: ['One'] }]);
    expect(counted).toHaveLength(1);
    expect(sections.next().value).toMatchObject([{ headingPath: ['Two'] }]);
    expect(counted).toHaveLength(2);
    expect(sections.next().done).toBe(true);
    expect(() => chunkSections(document, ranged, { maxTokens: 0 })).toThrow(/maxTokens/);
  });
});
