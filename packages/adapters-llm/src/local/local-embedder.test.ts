import { cosineSimilarity, embedderContract } from '@chatbuddy/core/testing';
import { describe, expect, it } from 'vitest';
import { LocalEmbedder } from './local-embedder.js';

embedderContract('LocalEmbedder', () => new LocalEmbedder());

describe('LocalEmbedder', () => {
  it('names a stable space of at most 512 dimensions', () => {
    const embedder = new LocalEmbedder();
    expect(embedder.dimensions).toBeLessThanOrEqual(512);
    expect(embedder.model).toBe(`local:hash-${embedder.dimensions}@2`);
    expect(new LocalEmbedder({ bigramWeight: 0.5 }).model).toMatch(/^local:hash-512-[0-9a-z]+@2$/);
  });

  it('keeps the version 1 space (length-weighted words) loadable', async () => {
    const legacy = new LocalEmbedder({ version: 1 });
    expect(legacy.model).toBe('local:hash-512@1');
    const [vector] = await legacy.embed(['Opening hours'], { purpose: 'query' });
    const [current] = await new LocalEmbedder().embed(['Opening hours'], { purpose: 'query' });
    expect(vector).not.toEqual(current);
  });

  it('weighs words by their rarity in everyday English', async () => {
    const embedder = new LocalEmbedder();
    const [query, rare, common] = await embedder.embed(
      ['people with hypertension', 'Hypertension treatment.', 'People and their lives.'],
      { purpose: 'query' },
    );
    expect(cosineSimilarity(query!, rare!)).toBeGreaterThan(cosineSimilarity(query!, common!) + 0.3);
  });

  it('matches word forms through stems and character n-grams', async () => {
    const embedder = new LocalEmbedder();
    const [query, inflected, other] = await embedder.embed(
      ['vaccination of children', 'Children were vaccinated last year.', 'Tax returns are due in April.'],
      { purpose: 'query' },
    );
    expect(cosineSimilarity(query!, inflected!)).toBeGreaterThan(0.3);
    expect(cosineSimilarity(query!, other!)).toBeLessThan(0.15);
  });

  it('gives unit vectors, and a zero vector for text without words', async () => {
    const embedder = new LocalEmbedder();
    const [vector, empty] = await embedder.embed(['Opening hours', '  ...  '], { purpose: 'document' });
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 10);
    expect(empty!.every((value) => value === 0)).toBe(true);
  });

  it('rejects a nonsensical dimension and a cancelled call', async () => {
    expect(() => new LocalEmbedder({ dimensions: 3 })).toThrow(/dimension/);
    const controller = new AbortController();
    controller.abort();
    await expect(
      new LocalEmbedder().embed(['x'], { purpose: 'query', signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'provider_error' });
  });
});
