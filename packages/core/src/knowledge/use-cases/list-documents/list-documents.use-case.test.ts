import { describe, expect, it } from 'vitest';
import {
  createIndexingWorld,
  policy,
  projectA,
  projectB,
} from '../../indexing/__fixtures__/indexing-world.js';
import { listDocumentsInput } from './list-documents.input.js';

describe('ListDocuments', () => {
  it('pages through the caller’s documents newest first, without content', async () => {
    const world = await createIndexingWorld();
    const ids: string[] = [];
    for (const variant of ['A', 'B', 'C']) {
      ids.push((await world.upload.execute(projectA, { content: policy(variant) })).id);
      world.ports.clock.advance(1_000);
    }
    await world.upload.execute(projectB, { content: policy('Z') });
    const first = await world.list.execute(projectA, listDocumentsInput.parse({ limit: '2' }));
    expect(first.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect(first.items[0]).not.toHaveProperty('content');
    const second = await world.list.execute(projectA, { limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect((await world.list.execute(projectB, { limit: 20 })).items).toHaveLength(1);
    await expect(world.list.execute(projectA, { limit: 2, cursor: 'garbage' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(listDocumentsInput.parse({})).toEqual({ limit: 20 });
    expect(listDocumentsInput.safeParse({ limit: 101 }).success).toBe(false);
  });

  it('finds documents by part of the title, ignoring case and surrounding blanks; a blank search shows all', async () => {
    const world = await createIndexingWorld();
    await world.upload.execute(projectA, { title: 'Refund policy', content: policy('A') });
    await world.upload.execute(projectA, { title: 'Opening hours', content: policy('B') });
    await world.upload.execute(projectB, { title: 'Refund rules', content: policy('C') });
    const titles = async (title: string) =>
      (await world.list.execute(projectA, listDocumentsInput.parse({ title }))).items.map(
        (item) => item.title,
      );
    expect(await titles('  REFUND ')).toEqual(['Refund policy']);
    expect((await titles('   ')).sort()).toEqual(['Opening hours', 'Refund policy']);
    expect(listDocumentsInput.safeParse({ title: 'x'.repeat(201) }).success).toBe(false);
  });
});
