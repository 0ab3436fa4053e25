/** One caller's items, and how that caller hears how their write went. */
interface Waiting<T> {
  items: readonly T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes of one key (a project's collection) that arrive while one is under way wait, and are
 * sent together once it ends: a Chroma request costs about as much for one document's 18
 * vectors as for a hundred (decision 0042), so uploads indexed at once share requests instead
 * of queueing one behind another. A caller alone is sent at once, as before. A group holds at
 * most `maxItems` items (an entry larger than that goes alone) and never the same id twice;
 * each caller's promise settles with the request that carried its items, so a failed request
 * fails every caller in it, and each run cleans up its own vectors as it always did.
 */
export class GroupedWrites<T> {
  /** A key is present while a write of it is under way; its entries wait for the next one. */
  private readonly waiting = new Map<string, Waiting<T>[]>();

  constructor(
    private readonly write: (key: string, items: readonly T[]) => Promise<void>,
    private readonly maxItems: number,
    /** What makes two items the same record. */
    private readonly idOf: (item: T) => string,
  ) {}

  run(key: string, items: readonly T[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry: Waiting<T> = { items, resolve, reject };
      const queue = this.waiting.get(key);
      if (queue) {
        queue.push(entry);
        return;
      }
      this.waiting.set(key, [entry]);
      void this.drain(key, this.waiting.get(key)!);
    });
  }

  private async drain(key: string, queue: Waiting<T>[]): Promise<void> {
    while (queue.length > 0) {
      const group = this.takeGroup(queue);
      try {
        await this.write(key, group.length === 1 ? group[0]!.items : group.flatMap((entry) => entry.items));
        for (const entry of group) entry.resolve();
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    this.waiting.delete(key);
  }

  /** The first waiting entries that fit in one request, at least one. */
  private takeGroup(queue: Waiting<T>[]): Waiting<T>[] {
    const group = [queue.shift()!];
    let count = group[0]!.items.length;
    const ids = new Set(group[0]!.items.map(this.idOf));
    while (queue.length > 0) {
      const next = queue[0]!;
      if (count + next.items.length > this.maxItems) break;
      if (next.items.some((item) => ids.has(this.idOf(item)))) break;
      for (const item of next.items) ids.add(this.idOf(item));
      count += next.items.length;
      group.push(queue.shift()!);
    }
    return group;
  }
}
