import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import {
  createIndexingWorld,
  policy,
  projectA,
  projectB,
} from '../../indexing/__fixtures__/indexing-world.js';
import { InMemoryDocumentRepository } from '../../../testing/in-memory-document-repository.js';

afterEach(() => vi.restoreAllMocks());

describe('ReplaceDocument', () => {
  it('swaps old chunks for new ones so a reader at any step sees the old set or the new set', async () => {
    const world = await createIndexingWorld();
    const original = await world.upload.execute(projectA, { content: policy('A') });
    const oldChunks = await world.ports.documents.listChunks(projectA, original.id);
    const oldSet = await world.retrieve(projectA);
    const observations: string[][] = [];
    const probe = async () => {
      observations.push(await world.retrieve(projectA));
    };
    world.flaky.afterWrite = probe;
    const update = InMemoryDocumentRepository.prototype.update;
    vi.spyOn(InMemoryDocumentRepository.prototype, 'update').mockImplementation(async function (
      this: any,
      ...args
    ) {
      const result = await update.apply(this, args);
      await probe();
      return result;
    });
    const embed = world.embedder.embed.bind(world.embedder);
    vi.spyOn(world.embedder, 'embed').mockImplementation(async (texts, options) => {
      await probe();
      return embed(texts, options);
    });

    const replaced = await world.replace.execute(projectA, {
      documentId: original.id,
      content: policy('B'),
      title: 'Policy, second edition',
    });

    const newSet = await world.retrieve(projectA);
    expect(newSet).not.toEqual(oldSet);
    expect(observations.length).toBeGreaterThan(5);
    for (const seen of observations) expect([oldSet, newSet]).toContainEqual(seen);
    expect(observations).toContainEqual(oldSet);
    expect(observations).toContainEqual(newSet);
    expect(replaced).toMatchObject({
      id: original.id,
      status: 'ready',
      version: 2,
      title: 'Policy, second edition',
    });
    const newChunks = await world.ports.documents.listChunks(projectA, original.id);
    const oldIds = new Set(oldChunks.map((chunk) => chunk.id));
    expect(newChunks.some((chunk) => oldIds.has(chunk.id))).toBe(false);
    expect(await world.ports.vectorStore.listChunkIds(projectA, original.id)).toEqual(
      newChunks.map((c) => c.id).sort(),
    );
    expect((await world.get.execute(projectA, { documentId: original.id })).content).toBe(policy('B'));
  });

  it('on failure leaves the document failed with its new content and nothing stale answering', async () => {
    const world = await createIndexingWorld();
    const original = await world.upload.execute(projectA, { content: policy('A') });
    world.embedder.failWith = new DomainError(
      'provider_timeout',
      'The embedding provider did not answer in time',
    );
    await expect(
      world.replace.execute(projectA, { documentId: original.id, content: policy('B') }),
    ).rejects.toMatchObject({ code: 'provider_timeout', details: { documentId: original.id } });
    const failed = await world.get.execute(projectA, { documentId: original.id });
    expect(failed).toMatchObject({ status: 'failed', chunkCount: 0, content: policy('B') });
    expect(await world.ports.documents.listChunks(projectA, original.id)).toEqual([]);
    expect(await world.ports.vectorStore.listChunkIds(projectA, original.id)).toEqual([]);

    world.embedder.failWith = null;
    const repaired = await world.reindex.execute(projectA, { documentId: original.id });
    expect(repaired).toMatchObject({ status: 'ready', failureReason: null });
    const texts = await world.retrieve(projectA);
    expect(texts.length).toBe(repaired.chunkCount);
    expect(texts.every((text) => !text.includes('variant A'))).toBe(true);
  });

  it('with the same content only updates title and metadata', async () => {
    const world = await createIndexingWorld();
    const original = await world.upload.execute(projectA, { content: policy() });
    const calls = world.embedder.calls.length;
    const updated = await world.replace.execute(projectA, {
      documentId: original.id,
      content: `${policy()}\n`,
      metadata: { team: 'support' },
    });
    expect(updated).toMatchObject({ version: 1, status: 'ready', metadata: { team: 'support' } });
    expect(world.embedder.calls.length).toBe(calls);
  });

  it('refuses metadata over the limits and keeps the document as it was', async () => {
    const world = await createIndexingWorld();
    const original = await world.upload.execute(projectA, {
      content: policy(),
      metadata: { team: 'support' },
    });
    const metadata = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`key${i}`, i]));
    await expect(
      world.replace.execute(projectA, { documentId: original.id, content: policy('B'), metadata }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: { issues: [expect.objectContaining({ path: 'metadata' })] },
    });
    expect(await world.get.execute(projectA, { documentId: original.id })).toMatchObject({
      content: policy(),
      metadata: { team: 'support' },
      version: 1,
    });
  });

  it('refuses content another document already has', async () => {
    const world = await createIndexingWorld();
    const first = await world.upload.execute(projectA, { content: policy('A') });
    const second = await world.upload.execute(projectA, { content: policy('B') });
    await expect(
      world.replace.execute(projectA, { documentId: second.id, content: policy('A') }),
    ).rejects.toMatchObject({ code: 'duplicate_document', details: { documentId: first.id } });
    expect((await world.get.execute(projectA, { documentId: second.id })).content).toBe(policy('B'));
  });

  it("answers 404 for another project's document and leaves it untouched", async () => {
    const world = await createIndexingWorld();
    const original = await world.upload.execute(projectA, { content: policy('A') });
    await expect(
      world.replace.execute(projectB, { documentId: original.id, content: policy('B') }),
    ).rejects.toMatchObject({ code: 'document_not_found' });
    expect(await world.get.execute(projectA, { documentId: original.id })).toMatchObject({
      content: policy('A'),
      version: 1,
    });
  });
});
