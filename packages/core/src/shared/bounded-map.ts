/**
 * A memo that keeps at least the `capacity` most recently used entries and at most twice as many,
 * forgetting older ones: the memo of core's pure, repeated computations (text analysis, stems,
 * analysed passages).
 *
 * Two generations of at most `capacity` entries each: new entries go to the young one; an entry
 * read from the old one moves to the young one; when the young one is full it becomes the old one
 * and the previous old one is forgotten at once. So every operation is O(1) and nothing is ever
 * deleted from the middle of a `Map` on a hit. (A single `Map` kept in recency order by delete-and-reinsert leaves a
 * deleted slot per hit; evicting its first key then walks over every such slot, which made a miss
 * cost tens of microseconds once a working set outgrew the capacity.)
 */
export class BoundedMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`A bounded map needs a capacity of at least 1, not ${capacity}`);
    }
  }

  /** Entries held now: at most `2 × capacity`. */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** The value of `key`, now among the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined || this.young.has(key)) return value;
    return this.fromOld(key);
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  /** Stores `value` as a most recently used entry, forgetting the oldest generation if full. */
  set(key: K, value: V): this {
    if (this.young.has(key)) {
      this.young.set(key, value);
      return this;
    }
    this.old.delete(key);
    this.store(key, value);
    return this;
  }

  /** The value of `key`, computed by `make` and stored when absent. */
  getOrSet(key: K, make: (key: K) => V): V {
    const known = this.young.get(key);
    if (known !== undefined || this.young.has(key)) return known as V;
    if (this.old.has(key)) return this.fromOld(key) as V;
    const value = make(key);
    this.store(key, value);
    return value;
  }

  delete(key: K): boolean {
    const young = this.young.delete(key);
    return this.old.delete(key) || young;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  /** Keys held, older generation first. */
  *keys(): IterableIterator<K> {
    yield* this.old.keys();
    yield* this.young.keys();
  }

  private fromOld(key: K): V | undefined {
    const value = this.old.get(key);
    if (value === undefined && !this.old.has(key)) return undefined;
    this.old.delete(key);
    this.store(key, value as V);
    return value;
  }

  /** Adds a key that is in neither generation. */
  private store(key: K, value: V): void {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
