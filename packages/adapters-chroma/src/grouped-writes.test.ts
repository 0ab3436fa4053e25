import { describe, expect, it } from 'vitest';
import { GroupedWrites } from './grouped-writes.js';

interface Item {
  id: string;
}

/** A writer whose writes finish when the test says so, recording what each carried. */
function gatedWriter() {
  const writes: Array<{ key: string; ids: string[]; finish: (error?: Error) => void }> = [];
  const write = (key: string, items: readonly Item[]) =>
    new Promise<void>((resolve, reject) => {
      writes.push({
        key,
        ids: items.map((item) => item.id),
        finish: (error) => (error ? reject(error) : resolve()),
      });
    });
  return { writes, write };
}

const items = (...ids: string[]): Item[] => ids.map((id) => ({ id }));
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupedWrites', () => {
  it('sends a lone write at once and those that arrive meanwhile together after it', async () => {
    const { writes, write } = gatedWriter();
    const groups = new GroupedWrites<Item>(write, 100, (item) => item.id);
    const first = groups.run('p', items('a1', 'a2'));
    const second = groups.run('p', items('b1'));
    const third = groups.run('p', items('c1', 'c2'));
    await turn();
    expect(writes.map((w) => w.ids)).toEqual([['a1', 'a2']]);
    writes[0]!.finish();
    await first;
    await turn();
    expect(writes.map((w) => w.ids)).toEqual([
      ['a1', 'a2'],
      ['b1', 'c1', 'c2'],
    ]);
    writes[1]!.finish();
    await Promise.all([second, third]);
  });

  it('keeps keys apart', async () => {
    const { writes, write } = gatedWriter();
    const groups = new GroupedWrites<Item>(write, 100, (item) => item.id);
    void groups.run('p', items('a'));
    void groups.run('q', items('b'));
    await turn();
    expect(writes.map((w) => [w.key, w.ids])).toEqual([
      ['p', ['a']],
      ['q', ['b']],
    ]);
  });

  it('fails every caller of a failed request and only them', async () => {
    const { writes, write } = gatedWriter();
    const groups = new GroupedWrites<Item>(write, 100, (item) => item.id);
    const first = groups.run('p', items('a'));
    const second = groups.run('p', items('b')).catch((error: Error) => error.message);
    const third = groups.run('p', items('c')).catch((error: Error) => error.message);
    await turn();
    writes[0]!.finish();
    await first;
    await turn();
    writes[1]!.finish(new Error('chroma down'));
    expect(await second).toBe('chroma down');
    expect(await third).toBe('chroma down');
    const fourth = groups.run('p', items('d'));
    await turn();
    expect(writes.at(-1)!.ids).toEqual(['d']);
    writes.at(-1)!.finish();
    await fourth;
  });

  it('never puts the same id twice or more than maxItems in one request', async () => {
    const { writes, write } = gatedWriter();
    const groups = new GroupedWrites<Item>(write, 3, (item) => item.id);
    const all = [
      groups.run('p', items('a')),
      groups.run('p', items('b', 'c')),
      groups.run('p', items('b')),
      groups.run('p', items('d', 'e')),
      groups.run('p', items('f', 'g', 'h', 'i')),
    ];
    for (let i = 0; i < 5; i += 1) {
      await turn();
      writes.at(-1)?.finish();
    }
    await Promise.all(all);
    expect(writes.map((w) => w.ids)).toEqual([['a'], ['b', 'c'], ['b', 'd', 'e'], ['f', 'g', 'h', 'i']]);
  });
});
