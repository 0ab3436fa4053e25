import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import {
  createIndexingWorld,
  lastGoodIndex,
  policy,
  projectA,
  projectB,
} from '../../indexing/__fixtures__/indexing-world.js';

afterEach(() => vi.restoreAllMocks());

describe('ReindexDocument', () => {
  it('rebuilds chunks under new ids, keeps the heading paths, and removes the old vectors', async () => {
    const world = await createIndexingWorld();
    const original = await world.upload.execute(projectA, { content: policy() });
    const before = await world.ports.documents.listChunks(projectA, original.id);
    const reindexed = await world.reindex.execute(projectA, { documentId: original.id });
    const after = await world.ports.documents.listChunks(projectA, original.id);
    expect(reindexed).toMatchObject({ status: 'ready', version: 2, chunkCount: before.length });
    expect(after.map(({ text, headingPath, charStart }) => ({ text, headingPath, charStart }))).toEqual(
      before.map(({ text, headingPath, charStart }) => ({ text, headingPath, charStart })),
    );
    expect(after.map((chunk) => chunk.id)).not.toEqual(before.map((chunk) => chunk.id));
    expect(await world.ports.vectorStore.listChunkIds(projectA, original.id)).toEqual(
      after.map((c) => c.id).sort(),
    );
  });

  it('keeps serving the last good index when a reindex of unchanged content fails', async () => {
    const world = await createIndexingWorld();
    const { original, answering, vectorIds } = await lastGoodIndex(world);
    world.flaky.failOnUpsert = world.flaky.upserts + 2;
    await expect(world.reindex.execute(projectA, { documentId: original.id })).rejects.toMatchObject({
      code: 'internal_error',
    });
    expect(await world.get.execute(projectA, { documentId: original.id })).toMatchObject({
      status: 'failed',
      chunkCount: original.chunkCount,
    });
    expect(await world.retrieve(projectA)).toEqual(answering);
    expect(await world.ports.vectorStore.listChunkIds(projectA, original.id)).toEqual(vectorIds);
  });

  it('repairs a failed document', async () => {
    const world = await createIndexingWorld();
    world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    world.embedder.failWith = null;
    const repaired = await world.reindex.execute(projectA, { documentId: error.details.documentId });
    expect(repaired).toMatchObject({ status: 'ready', failureReason: null });
    expect((await world.retrieve(projectA)).length).toBe(repaired.chunkCount);
  });

  it('loses to a concurrent replace: the newer content wins and the stale run leaves no vectors', async () => {
    const world = await createIndexingWorld();
    const original = await world.upload.execute(projectA, { content: policy('A') });
    const embed = world.embedder.embed.bind(world.embedder);
    let interleaved = false;
    vi.spyOn(world.embedder, 'embed').mockImplementation(async (texts, options) => {
      if (!interleaved) {
        interleaved = true;
        await world.replace.execute(projectA, { documentId: original.id, content: policy('B') });
      }
      return embed(texts, options);
    });
    await expect(world.reindex.execute(projectA, { documentId: original.id })).rejects.toMatchObject({
      code: 'conflict',
    });
    const current = await world.get.execute(projectA, { documentId: original.id });
    expect(current).toMatchObject({ status: 'ready', content: policy('B') });
    const chunks = await world.ports.documents.listChunks(projectA, original.id);
    expect(await world.ports.vectorStore.listChunkIds(projectA, original.id)).toEqual(
      chunks.map((c) => c.id).sort(),
    );
  });

  it('refuses another embedding model unless the whole project is being reindexed', async () => {
    const world = await createIndexingWorld();
    const original = await world.upload.execute(projectA, { content: policy() });
    await world.ports.projects.update(projectA, { embeddingModel: 'old:model' }, new Date());
    await expect(world.reindex.execute(projectA, { documentId: original.id })).rejects.toMatchObject({
      code: 'embedding_model_mismatch',
    });
    expect((await world.get.execute(projectA, { documentId: original.id })).status).toBe('ready');
    await world.indexer.index(projectA, original.id, { allowModelChange: true });
    expect((await world.ports.projects.findById(projectA))!.embeddingModel).toBe('fake:bow-64');
  });

  it("answers 404 for another project's document", async () => {
    const world = await createIndexingWorld();
    const original = await world.upload.execute(projectA, { content: policy() });
    await expect(world.reindex.execute(projectB, { documentId: original.id })).rejects.toMatchObject({
      code: 'document_not_found',
    });
    expect((await world.get.execute(projectA, { documentId: original.id })).version).toBe(1);
  });
});
