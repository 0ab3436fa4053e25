import { createHash } from 'node:crypto';
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

  it('keeps every shipped space bit for bit, so stored vectors stay comparable with new ones', async () => {
    const texts = [
      'Opening hours: Monday to Friday, 9:00–17:30. Express delivery costs 15 EUR; express, express!',
      'Hypertension in children: blood pressure was measured twice (n = 1,204; p < 0.05) in 2019.',
      'Café naïve — ÉCOLE Straße il6 IL-6 x2 3.5mm',
      'constructor __proto__ toString hasOwnProperty valueOf',
      'Die Katze schläft auf dem Sofa und der Hund bellt nicht, wenn wir kommen.',
      'El perro come la comida de los niños cuando hay tiempo para eso.',
      '  ...  ',
    ];
    const digest = async (embedder: LocalEmbedder) => {
      const hash = createHash('sha256');
      for (const vector of await embedder.embed(texts, { purpose: 'document' }))
        hash.update(new Uint8Array(Float64Array.from(vector).buffer));
      return hash.digest('hex').slice(0, 24);
    };
    expect(await digest(new LocalEmbedder())).toBe('566ec1c0f710c13d5b612f63');
    expect(await digest(new LocalEmbedder({ version: 1 }))).toBe('7f768a933e03ab4361ac1bfc');
    expect(
      await digest(new LocalEmbedder({ bigramWeight: 0.5, charGramWeight: 0.3, charGramSizes: [3, 4] })),
    ).toBe('e2a0a8c3ad9ad227cc2f3929');
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
