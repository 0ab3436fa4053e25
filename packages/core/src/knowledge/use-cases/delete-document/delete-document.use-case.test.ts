import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import {
  createIndexingWorld,
  policy,
  projectA,
  projectB,
} from '../../indexing/__fixtures__/indexing-world.js';

describe('DeleteDocument', () => {
  it('deletes the document, its chunk rows and its vectors', async () => {
    const world = await createIndexingWorld();
    const kept = await world.upload.execute(projectA, { content: policy('A') });
    const doomed = await world.upload.execute(projectA, { content: policy('B') });
    expect(await world.remove.execute(projectA, { documentId: doomed.id })).toEqual({
      documentId: doomed.id,
      vectorsRemoved: true,
    });
    await expect(world.get.execute(projectA, { documentId: doomed.id })).rejects.toMatchObject({
      code: 'document_not_found',
    });
    expect(await world.ports.documents.listChunks(projectA, doomed.id)).toEqual([]);
    expect(await world.ports.vectorStore.listChunkIds(projectA, doomed.id)).toEqual([]);
    expect((await world.ports.vectorStore.listChunkIds(projectA, kept.id)).length).toBe(kept.chunkCount);
    await expect(world.remove.execute(projectA, { documentId: doomed.id })).rejects.toMatchObject({
      code: 'document_not_found',
    });
  });

  it('stops answering at once even when the vector store is down', async () => {
    const world = await createIndexingWorld();
    const document = await world.upload.execute(projectA, { content: policy() });
    world.ports.vectorStore.failWith = new DomainError('dependency_unavailable', 'vector store down');
    expect(await world.remove.execute(projectA, { documentId: document.id })).toEqual({
      documentId: document.id,
      vectorsRemoved: false,
    });
    world.ports.vectorStore.failWith = null;
    expect((await world.ports.vectorStore.listChunkIds(projectA, document.id)).length).toBeGreaterThan(0);
    expect(await world.retrieve(projectA)).toEqual([]);
  });

  it("answers 404 for another project's document and deletes nothing", async () => {
    const world = await createIndexingWorld();
    const document = await world.upload.execute(projectA, { content: policy() });
    await expect(world.remove.execute(projectB, { documentId: document.id })).rejects.toMatchObject({
      code: 'document_not_found',
    });
    expect((await world.get.execute(projectA, { documentId: document.id })).status).toBe('ready');
    expect((await world.retrieve(projectA)).length).toBe(document.chunkCount);
  });
});
