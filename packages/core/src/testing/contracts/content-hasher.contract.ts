import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContentHasher } from '../../ports/content-hasher.port.js';

export interface ContentHasherContractOptions {
  makeSubject: () => ContentHasher;
  /** Known digests of the real algorithm (`input → hex`), checked exactly; fakes give none. */
  knownVectors?: Readonly<Record<string, string>>;
}

/** Behaviour every `ContentHasher` must have. */
export function contentHasherContract(
  name: string,
  { makeSubject, knownVectors = {} }: ContentHasherContractOptions,
): void {
  describe(`ContentHasher contract: ${name}`, () => {
    it('gives a lower-case hex digest of 64 digits', () => {
      const hasher = makeSubject();
      for (const text of ['', 'abc', 'café 😀', 'x'.repeat(10_000)])
        expect(hasher.hash(text)).toMatch(/^[0-9a-f]{64}$/);
    });

    it('gives equal digests for equal text, also from another instance', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme' }), (text) => {
          expect(makeSubject().hash(text)).toBe(makeSubject().hash(`${text}`));
        }),
      );
    });

    it('gives different digests for different text', () => {
      const hasher = makeSubject();
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (first, second) => {
          fc.pre(first !== second);
          expect(hasher.hash(first)).not.toBe(hasher.hash(second));
        }),
        { numRuns: 500 },
      );
    });

    it('tells apart texts that differ in one character, or by a prefix', () => {
      const hasher = makeSubject();
      const seen = new Set<string>();
      const base = 'Refunds are possible within 30 days.';
      for (let index = 0; index <= base.length; index++) {
        seen.add(hasher.hash(base.slice(0, index)));
        seen.add(hasher.hash(`${base.slice(0, index)}!${base.slice(index + 1)}`));
      }
      expect(seen.size).toBe(2 * (base.length + 1));
    });

    for (const [input, digest] of Object.entries(knownVectors)) {
      it(`hashes ${JSON.stringify(input.slice(0, 20))} (${input.length} characters) to its published digest`, () => {
        expect(makeSubject().hash(input)).toBe(digest);
      });
    }
  });
}
