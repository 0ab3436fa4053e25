import { afterEach, describe, expect, it, vi } from 'vitest';
import { type IndexingWorld, createIndexingWorld, policy, projectA } from './__fixtures__/indexing-world.js';

afterEach(() => vi.restoreAllMocks());

/** The vector store refuses every deletion from now on. */
function failDeletions(world: IndexingWorld): Error {
  const failure = new Error('vector store unavailable');
  vi.spyOn(world.vectors, 'deleteChunks').mockRejectedValue(failure);
  vi.spyOn(world.vectors, 'listChunkIds').mockRejectedValue(failure);
  return failure;
}

describe('best-effort cleanups report their failures', () => {
  it('warns when the replaced vectors cannot be removed after a successful run', async () => {
    const world = await createIndexingWorld();
    const document = await world.upload.execute(projectA, { content: policy('A') });
    const failure = failDeletions(world);
    await world.reindex.execute(projectA, { documentId: document.id });
    expect(world.ports.logger.warnings).toEqual([
      {
        message: 'replaced vectors could not be removed after indexing',
        fields: { projectId: projectA, documentId: document.id, error: failure },
      },
    ]);
  });

  it('warns when a failed run cannot remove the vectors it wrote', async () => {
    const world = await createIndexingWorld();
    world.flaky.failOnUpsert = 2;
    const failure = failDeletions(world);
    const error = await world.upload.execute(projectA, { content: policy('A') }).catch((caught) => caught);
    expect(world.ports.logger.warnings).toEqual([
      {
        message: 'vectors of a failed indexing run could not be removed',
        fields: {
          projectId: projectA,
          documentId: error.details.documentId,
          vectors: expect.any(Number),
          error: failure,
        },
      },
    ]);
    expect(world.ports.logger.warnings[0]!.fields.vectors).toBeGreaterThan(0);
  });

  it('warns when a failed run cannot be recorded because the database is down too', async () => {
    const world = await createIndexingWorld();
    world.flaky.failOnUpsert = 1;
    const failure = new Error('database gone');
    vi.spyOn(world.ports.unitOfWork, 'run').mockRejectedValue(failure);
    const error = await world.upload.execute(projectA, { content: policy('A') }).catch((caught) => caught);
    expect(world.ports.logger.matching('could not be recorded')).toEqual([
      {
        message: 'a failed indexing run could not be recorded',
        fields: { projectId: projectA, documentId: error.details.documentId, error: failure },
      },
    ]);
  });

  it('warns when releasing an interrupted run cannot reach the vector store', async () => {
    const world = await createIndexingWorld();
    const document = await world.upload.execute(projectA, { content: policy('A') });
    const leaseExpiresAt = new Date(world.ports.clock.now().getTime() + 60_000);
    await world.ports.documents.update(
      projectA,
      document.id,
      { status: 'indexing', leaseExpiresAt },
      world.ports.clock.now(),
    );
    world.ports.clock.advance(120_000);
    const failure = failDeletions(world);
    const released = await world.repair.execute({ limit: 10, everyUnfinished: false, reindex: false });
    expect(released).toMatchObject([{ documentId: document.id, status: 'failed' }]);
    expect(world.ports.logger.warnings).toEqual([
      {
        message: 'vectors of an interrupted indexing run could not be removed',
        fields: { projectId: projectA, documentId: document.id, error: failure },
      },
    ]);
  });

  it('logs nothing when every cleanup succeeds', async () => {
    const world = await createIndexingWorld();
    const document = await world.upload.execute(projectA, { content: policy('A') });
    await world.reindex.execute(projectA, { documentId: document.id });
    expect(world.ports.logger.warnings).toEqual([]);
  });
});

describe('vectors of replaced chunks a run could not remove', () => {
  it('are noted with the swap, and the repair pass removes them once a lease has passed', async () => {
    const world = await createIndexingWorld();
    const document = await world.upload.execute(projectA, { content: policy('A') });
    const before = await world.ports.vectorStore.listChunkIds(projectA, document.id);
    // The removal after the swap's commit fails (or its process stops there): nothing removed.
    const deletions = vi.spyOn(world.vectors, 'deleteChunks').mockRejectedValueOnce(new Error('gone'));
    await world.replace.execute(projectA, { documentId: document.id, content: policy('B') });
    deletions.mockRestore();
    const current = (await world.ports.documents.listChunks(projectA, document.id)).map((chunk) => chunk.id);
    const stored = await world.ports.vectorStore.listChunkIds(projectA, document.id);
    expect(stored).toEqual([...before, ...current].sort());
    // A pass within the lease leaves them to a run that may still be removing them.
    await world.repair.execute({ limit: 10, reindex: false, everyUnfinished: false });
    expect(await world.ports.vectorStore.listChunkIds(projectA, document.id)).toHaveLength(stored.length);
    world.ports.clock.advance(60_001);
    await world.repair.execute({ limit: 10, reindex: false, everyUnfinished: false });
    expect(await world.ports.vectorStore.listChunkIds(projectA, document.id)).toEqual([...current].sort());
    expect(await world.ports.documents.listVectorRemovals(world.ports.clock.now(), 100)).toEqual([]);
    expect(world.ports.logger.warnings.map((warning) => warning.message)).toEqual([
      'replaced vectors could not be removed after indexing',
    ]);
  });

  it('are forgotten once a run removes them', async () => {
    const world = await createIndexingWorld();
    const document = await world.upload.execute(projectA, { content: policy('A') });
    await world.replace.execute(projectA, { documentId: document.id, content: policy('B') });
    world.ports.clock.advance(60_001);
    expect(await world.ports.documents.listVectorRemovals(world.ports.clock.now(), 100)).toEqual([]);
  });
});
