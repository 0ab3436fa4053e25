import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import {
  createIndexingWorld,
  policy,
  projectA,
  projectB,
} from '../../indexing/__fixtures__/indexing-world.js';
import { repairDocumentsInput } from './repair-documents.input.js';

async function stuckWorld() {
  const world = await createIndexingWorld();
  const crashed = await world.upload.execute(projectA, { content: policy('A') });
  // A crash between "indexing" and the swap: the status stays behind, chunks of the last good run remain.
  await world.ports.documents.update(projectA, crashed.id, { status: 'indexing' }, world.ports.clock.now());
  world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
  const failed = (await world.upload.execute(projectB, { content: policy('B') }).catch((error) => error))
    .details;
  world.embedder.failWith = null;
  world.ports.clock.advance(120_000);
  const running = await world.upload.execute(projectA, { content: policy('C') });
  await world.ports.documents.update(projectA, running.id, { status: 'indexing' }, world.ports.clock.now());
  return { world, crashed, failedId: failed.documentId as string, running };
}

describe('RepairDocuments with reindex', () => {
  it('reindexes documents stuck after a crash and failed ones, leaving running ones alone', async () => {
    const { world, crashed, failedId, running } = await stuckWorld();
    const outcomes = await world.repair.execute(repairDocumentsInput.parse({ reindex: true }));
    expect(outcomes).toEqual([
      { projectId: projectA, documentId: crashed.id, previousStatus: 'indexing', status: 'ready' },
      { projectId: projectB, documentId: failedId, previousStatus: 'failed', status: 'ready' },
    ]);
    expect((await world.get.execute(projectB, { documentId: failedId })).status).toBe('ready');
    expect((await world.get.execute(projectA, { documentId: running.id })).status).toBe('indexing');
    expect(await world.repair.execute(repairDocumentsInput.parse({ reindex: true }))).toEqual([]);
  });

  it('limits a pass to one project and reports documents that fail again', async () => {
    const { world, failedId } = await stuckWorld();
    world.embedder.failWith = new DomainError('provider_unavailable', 'still down', { retryable: true });
    expect(
      await world.repair.execute(
        repairDocumentsInput.parse({ projectId: projectB, limit: 10, reindex: true }),
      ),
    ).toEqual([
      {
        projectId: projectB,
        documentId: failedId,
        previousStatus: 'failed',
        status: 'failed',
        error: 'provider_unavailable',
      },
    ]);
    expect((await world.get.execute(projectB, { documentId: failedId })).failureReason).toBe(
      'provider_unavailable: still down',
    );
  });
});
