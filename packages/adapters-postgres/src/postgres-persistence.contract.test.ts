import { embedded, fixtureId, makeChunk, unitVector } from '@chatbuddy/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { useMigratedPglite } from './testing/migrated-database.js';
import { prepareVectorProject } from './testing/persistence-subject.js';
import { pgliteContracts } from './testing/pglite-contracts.js';

vi.setConfig({ testTimeout: 30_000 });

const database = useMigratedPglite();

pgliteContracts('PGlite', database);

describe('PgVectorStore beside the unit of work on PGlite', () => {
  it('says its writes depend on the unit of work: an upsert waits for an open transaction', async () => {
    const { persistence } = database;
    const store = persistence.vectorStore!;
    expect(store.writesIndependentOfUnitOfWork).toBe(false);
    const [projectId, documentId] = [fixtureId(), fixtureId()];
    await prepareVectorProject(persistence, projectId, [documentId]);
    let written = false;
    let upsert: Promise<void> = Promise.resolve();
    await persistence.unitOfWork.run(async () => {
      upsert = store.upsert(projectId, [embedded(makeChunk(projectId, documentId, 0), unitVector(8, 0))]);
      void upsert.then(() => (written = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(written).toBe(false);
    });
    await upsert;
    expect(await store.listChunkIds(projectId, documentId)).toHaveLength(1);
  });
});
