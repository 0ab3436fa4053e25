import { isDomainError } from '@chatbuddy/core';
import { embedderContract } from '@chatbuddy/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../local-embedder.js';
import { createEmbeddingWorkerPool, PooledLocalEmbedder } from './pooled-local-embedder.js';

const pool = createEmbeddingWorkerPool({ workers: 2 });
afterAll(() => pool.close());

embedderContract('PooledLocalEmbedder', () => new PooledLocalEmbedder(pool));

const texts = [
  'Opening hours: Monday to Friday, 9 am to 6 pm.',
  'Hypertension treatment in older patients reduced strokes by a third.',
  '  ...  ',
  'Refunds › Returns\n\nGoods can be returned within 30 days of delivery.',
  'Kinder wurden im letzten Jahr geimpft.',
];

describe('PooledLocalEmbedder', () => {
  it('gives the in-thread vectors to the bit, for every shipped version', async () => {
    for (const version of [1, 2] as const) {
      const pooled = new PooledLocalEmbedder(pool, { version });
      const inThread = new LocalEmbedder({ version });
      expect(pooled.model).toBe(inThread.model);
      const [fromWorker, expected] = await Promise.all([
        pooled.embed(texts, { purpose: 'document' }),
        inThread.embed(texts, { purpose: 'document' }),
      ]);
      expect(fromWorker).toEqual(expected);
      const bits = (vectors: number[][]) => Buffer.from(Float64Array.from(vectors.flat()).buffer);
      expect(bits(fromWorker).equals(bits(expected))).toBe(true);
    }
  }, 60_000);

  it('raises the in-thread error for settings the worker refuses', async () => {
    // The main thread's embedder is valid; a worker built from other settings fails the same way.
    const pooled = new PooledLocalEmbedder(pool);
    (pooled as unknown as { settings: object }).settings = { dimensions: 3 };
    const error = await pooled.embed(['x'], { purpose: 'document' }).catch((caught: unknown) => caught);
    expect(isDomainError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/dimension/) });
  }, 60_000);

  it('refuses a cancelled call as provider_error, as the in-thread embedder does', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      new PooledLocalEmbedder(pool).embed(['x'], { purpose: 'document', signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'provider_error' });
  });
});
