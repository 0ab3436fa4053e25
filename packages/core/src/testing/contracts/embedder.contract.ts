import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../ports/embedder.port.js';
import { cosineSimilarity } from '../in-memory-vector-store.js';

/** Behaviour every `Embedder` must have. */
export function embedderContract(name: string, makeSubject: () => Promise<Embedder> | Embedder): void {
  describe(`Embedder contract: ${name}`, () => {
    it('names its vector space and dimension', async () => {
      const embedder = await makeSubject();
      expect(embedder.model).toMatch(/\S/);
      expect(Number.isInteger(embedder.dimensions) && embedder.dimensions > 0).toBe(true);
    });

    it('returns one finite vector of the declared dimension per text, in order', async () => {
      const embedder = await makeSubject();
      const texts = ['refund policy', 'Opening hours are 9 to 5.', 'Ünïcödé ✓ 東京', ''];
      const vectors = await embedder.embed(texts, { purpose: 'document' });
      expect(vectors).toHaveLength(texts.length);
      for (const vector of vectors) {
        expect(vector).toHaveLength(embedder.dimensions);
        expect(vector.every(Number.isFinite)).toBe(true);
      }
    });

    it('is deterministic for the same text', async () => {
      const embedder = await makeSubject();
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
          const [first] = await embedder.embed([text], { purpose: 'document' });
          const [second] = await embedder.embed([text], { purpose: 'document' });
          expect(second).toEqual(first);
        }),
        { numRuns: 25 },
      );
    });

    it('places related texts closer than unrelated ones', async () => {
      const embedder = await makeSubject();
      const [query, related, unrelated] = await embedder.embed(
        [
          'How do I get a refund for my order?',
          'Refunds for an order are paid within 14 days.',
          'The octopus has three hearts.',
        ],
        { purpose: 'document' },
      );
      expect(cosineSimilarity(query!, related!)).toBeGreaterThan(cosineSimilarity(query!, unrelated!));
    });

    it('embeds an empty batch as an empty list', async () => {
      const embedder = await makeSubject();
      expect(await embedder.embed([], { purpose: 'query' })).toEqual([]);
    });
  });
}
