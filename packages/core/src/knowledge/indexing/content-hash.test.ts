import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContentHasher } from '../../ports/content-hasher.port.js';
import { FakeContentHasher } from '../../testing/fake-content-hasher.js';
import { contentHash, normaliseForHash } from './content-hash.js';

describe('contentHash', () => {
  const hasher = new FakeContentHasher();

  it('ignores cosmetic differences but not wording', () => {
    const original = 'Refunds\n\nWithin 30 days.';
    expect(contentHash('  Refunds  \r\n\r\n\r\n\r\nWithin 30 days.\n', hasher)).toBe(
      contentHash(original, hasher),
    );
    expect(contentHash('Cafe\u0301', hasher)).toBe(contentHash('Café', hasher));
    expect(contentHash('Refunds\n\nWithin 31 days.', hasher)).not.toBe(contentHash(original, hasher));
    expect(contentHash(original, hasher)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('property: drops the spaces that end lines exactly as the plain rule does', () => {
    const plain = (text: string) => text.replace(/[ \t\u00a0]+$/gm, '');
    const character = fc.constantFrom(' ', '\t', '\u00a0', '\n', '\r', 'a', '.');
    fc.assert(
      fc.property(fc.array(character, { maxLength: 40 }), (characters) => {
        const text = characters.join('');
        expect(normaliseForHash(text)).toBe(
          plain(text.normalize('NFC').replace(/\r\n?/g, '\n'))
            .replace(/\n{3,}/g, '\n\n')
            .trim(),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  // The plain rule retried at every space of a run that does not end a line: over a minute here.
  it('normalises a run of 200,000 spaces inside a line (linear cost)', { timeout: 20_000 }, () => {
    expect(normaliseForHash(`a${' '.repeat(200_000)}b  \nc`)).toBe(`a${' '.repeat(200_000)}b\nc`);
  });

  it('hashes the normalised text with the given hasher', () => {
    const seen: string[] = [];
    const recording: ContentHasher = {
      hash: (text) => {
        seen.push(text);
        return 'ab'.repeat(32);
      },
    };
    expect(contentHash('  Cafe\u0301\r\n\r\n\r\nmenu  ', recording)).toBe(`sha256:${'ab'.repeat(32)}`);
    expect(seen).toEqual(['Café\n\nmenu']);
  });

  it('normalising twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        expect(normaliseForHash(normaliseForHash(text))).toBe(normaliseForHash(text));
      }),
      { numRuns: 100 },
    );
  });
});
