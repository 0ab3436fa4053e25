import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.js';

type Operation =
  | { kind: 'get'; key: number }
  | { kind: 'set'; key: number; value: number }
  | { kind: 'getOrSet'; key: number; value: number }
  | { kind: 'delete'; key: number };

const key = fc.integer({ min: 0, max: 12 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('get' as const), key }),
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('getOrSet' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key }),
);

/** The values last stored per key, and the keys from least to most recently used. */
function model() {
  const values = new Map<number, number>();
  const recency: number[] = [];
  const touch = (wanted: number) => {
    const index = recency.indexOf(wanted);
    if (index >= 0) recency.splice(index, 1);
    recency.push(wanted);
  };
  return {
    values,
    recency,
    touch,
    forget(wanted: number) {
      values.delete(wanted);
      const index = recency.indexOf(wanted);
      if (index >= 0) recency.splice(index, 1);
    },
  };
}

describe('BoundedMap', () => {
  it('keeps the capacity most recently used keys, never a stale value, and at most twice the capacity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(operation, { maxLength: 80 }),
        (capacity, operations) => {
          const map = new BoundedMap<number, number>(capacity);
          const expected = model();
          for (const step of operations) {
            if (step.kind === 'get') {
              const value = map.get(step.key);
              // Present or forgotten, but never a value other than the last one stored.
              if (value !== undefined) {
                expect(value).toBe(expected.values.get(step.key));
                expected.touch(step.key);
              } else if (expected.values.has(step.key)) {
                expected.forget(step.key);
              }
            } else if (step.kind === 'set') {
              map.set(step.key, step.value);
              expected.values.set(step.key, step.value);
              expected.touch(step.key);
            } else if (step.kind === 'getOrSet') {
              const kept = expected.recency.slice(-capacity).includes(step.key);
              const value = map.getOrSet(step.key, () => step.value);
              // A kept key gives its stored value; any other key its stored value or a new one.
              if (kept) expect(value).toBe(expected.values.get(step.key));
              else expect([expected.values.get(step.key), step.value]).toContain(value);
              expected.values.set(step.key, value);
              expected.touch(step.key);
            } else {
              map.delete(step.key);
              expected.forget(step.key);
              expect(map.has(step.key)).toBe(false);
            }
            expect(map.size).toBeLessThanOrEqual(2 * capacity);
            for (const recent of expected.recency.slice(-capacity)) {
              expect(map.has(recent)).toBe(true);
              expect(map.get(recent)).toBe(expected.values.get(recent));
            }
            // Reading the recent keys above counted as use: keep the model in step.
            for (const recent of expected.recency.slice(-capacity)) expected.touch(recent);
            // A key that fell out of the most recent `capacity` may already be forgotten: deleting
            // newer keys later does not bring it back, so only the window stays guaranteed.
            expected.recency.splice(0, Math.max(0, expected.recency.length - capacity));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('forgets keys used long ago, and a read counts as use', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3).set('d', 4).set('e', 5);
    expect(map.has('b')).toBe(false);
    expect(map.get('e')).toBe(5);
    expect(map.size).toBeLessThanOrEqual(4);
  });

  it('holds at most twice the capacity when the working set is larger than the capacity', () => {
    // A cycle over 1.5 × the capacity, where a recency-ordered single Map missed on every access.
    const map = new BoundedMap<number, number>(2_000);
    let made = 0;
    for (let round = 0; round < 20; round += 1)
      for (let key = 0; key < 3_000; key += 1) map.getOrSet(key, () => ++made);
    expect(map.size).toBeLessThanOrEqual(4_000);
    expect(made).toBeGreaterThan(3_000);
  });

  it('computes a missing value once', () => {
    const map = new BoundedMap<string, number>(4);
    let calls = 0;
    const make = () => ++calls;
    expect(map.getOrSet('a', make)).toBe(1);
    expect(map.getOrSet('a', make)).toBe(1);
    expect(calls).toBe(1);
  });

  it('refuses a capacity below one', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN])
      expect(() => new BoundedMap(capacity)).toThrow(RangeError);
  });
});
