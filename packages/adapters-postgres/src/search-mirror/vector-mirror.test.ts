import { describe, expect, it } from 'vitest';
import { type StoredVector, VectorMirror } from './vector-mirror.js';

function vectors(from: number, count: number, dimensions = 8): StoredVector[] {
  return Array.from({ length: count }, (_, index) => {
    const n = from + index;
    const values = new Float32Array(dimensions);
    values[n % dimensions] = 1;
    values[(n * 7 + 3) % dimensions] = (values[(n * 7 + 3) % dimensions] ?? 0) + 0.5;
    return { chunkId: `c${n}`, documentId: `d${Math.floor(n / 20)}`, values };
  });
}

describe('VectorMirror growth', () => {
  it('takes a bulk load exactly, then grows geometrically as the change feed adds batches', () => {
    const mirror = new VectorMirror();
    mirror.add(vectors(0, 10_000));
    expect(mirror.reservedSlots).toBe(10_000);
    const capacities = new Set<number>([mirror.reservedSlots]);
    // Catching up with uploads adds a few dozen vectors at a time; copying the whole matrix for
    // each batch made every chat after an upload pay for the corpus.
    for (let batch = 0; batch < 50; batch += 1) {
      mirror.add(vectors(10_000 + batch * 65, 65));
      capacities.add(mirror.reservedSlots);
    }
    expect(mirror.size).toBe(10_000 + 50 * 65);
    expect(capacities.size).toBeLessThanOrEqual(3);
    expect(mirror.reservedSlots).toBeLessThanOrEqual(Math.ceil((10_000 + 50 * 65) * 1.25) + 64);
  });

  it('finds every vector it was given, whatever the batch sizes', () => {
    const mirror = new VectorMirror();
    const batches = [1, 64, 65, 200, 3, 130];
    let next = 0;
    for (const size of batches) {
      mirror.add(vectors(next, size));
      next += size;
    }
    for (const probe of [0, 64, 65, 129, 300, next - 1]) {
      const query = Array.from(vectors(probe, 1)[0]!.values);
      const hits = mirror.query(query, 200, null);
      expect(hits.some((hit) => hit.chunkId === `c${probe}`)).toBe(true);
      expect(hits[0]!.score).toBeCloseTo(1, 5);
    }
  });
});
