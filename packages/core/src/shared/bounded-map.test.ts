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

/** The obvious model: entries in an array, most recently used last. */
function model(capacity: number) {
  const entries: [number, number][] = [];
  const touch = (index: number) => entries.push(...entries.splice(index, 1));
  const find = (wanted: number) => entries.findIndex(([stored]) => stored === wanted);
  return {
    entries,
    get(wanted: number): number | undefined {
      const index = find(wanted);
      if (index < 0) return undefined;
      touch(index);
      return entries.at(-1)![1];
    },
    set(wanted: number, value: number) {
      const index = find(wanted);
      if (index >= 0) entries.splice(index, 1);
      entries.push([wanted, value]);
      if (entries.length > capacity) entries.shift();
    },
    delete(wanted: number): boolean {
      const index = find(wanted);
      if (index >= 0) entries.splice(index, 1);
      return index >= 0;
    },
  };
}

describe('BoundedMap', () => {
  it('behaves as a least-recently-used map of its capacity for any sequence of operations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(operation, { maxLength: 80 }),
        (capacity, operations) => {
          const map = new BoundedMap<number, number>(capacity);
          const expected = model(capacity);
          for (const step of operations) {
            if (step.kind === 'get') expect(map.get(step.key)).toBe(expected.get(step.key));
            else if (step.kind === 'set') {
              map.set(step.key, step.value);
              expected.set(step.key, step.value);
            } else if (step.kind === 'getOrSet') {
              const known = expected.get(step.key);
              if (known === undefined) expected.set(step.key, step.value);
              expect(map.getOrSet(step.key, () => step.value)).toBe(known ?? step.value);
            } else expect(map.delete(step.key)).toBe(expected.delete(step.key));
            expect(map.size).toBeLessThanOrEqual(capacity);
            expect([...map.keys()]).toEqual(expected.entries.map(([stored]) => stored));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('evicts the least recently used entry, and a read counts as use', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect(map.has('a')).toBe(true);
    expect(map.has('b')).toBe(false);
    expect(map.get('c')).toBe(3);
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
