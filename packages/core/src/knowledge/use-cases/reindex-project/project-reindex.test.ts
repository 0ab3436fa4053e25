import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import { createIndexingWorld, policy, projectA } from '../../indexing/__fixtures__/indexing-world.js';
import { ProjectReindex } from './project-reindex.js';

describe('ProjectReindex', () => {
  it('moves a project to its current embedder model and rebuilds every document', async () => {
    const world = await createIndexingWorld();
    const first = await world.upload.execute(projectA, { content: policy('A') });
    const second = await world.upload.execute(projectA, { content: policy('B') });
    await world.ports.projects.update(projectA, { embeddingModel: 'old:model' }, world.ports.clock.now());
    await expect(world.upload.execute(projectA, { content: policy('C') })).rejects.toMatchObject({
      code: 'embedding_model_mismatch',
    });
    const reindex = new ProjectReindex(
      world.indexer,
      world.ports.documents,
      world.ports.projects,
      world.ports.clock,
      1,
    );
    const report = await reindex.execute(projectA);
    expect(report).toEqual({
      projectId: projectA,
      embeddingModel: 'fake:bow-64',
      ready: [second.id, first.id],
      failed: [],
    });
    expect((await world.ports.projects.findById(projectA))!.embeddingModel).toBe('fake:bow-64');
    expect((await world.upload.execute(projectA, { content: policy('C') })).status).toBe('ready');
  });

  it('drops the old-model chunks of a document that fails, so vector spaces never mix', async () => {
    const world = await createIndexingWorld();
    const document = await world.upload.execute(projectA, { content: policy() });
    await world.ports.documents.update(
      projectA,
      document.id,
      { embeddingModel: 'old:model' },
      world.ports.clock.now(),
    );
    await world.ports.projects.update(projectA, { embeddingModel: 'old:model' }, world.ports.clock.now());
    world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    const reindex = new ProjectReindex(
      world.indexer,
      world.ports.documents,
      world.ports.projects,
      world.ports.clock,
    );
    expect((await reindex.execute(projectA)).failed).toEqual([
      { documentId: document.id, error: 'provider_unavailable' },
    ]);
    expect(await world.ports.documents.listChunks(projectA, document.id)).toEqual([]);
    expect(await world.retrieve(projectA)).toEqual([]);
  });
});
