import { makeChunk, makeDocument, makeProject, makeUser } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';
import { SearchMirror } from './search-mirror.js';

vi.setConfig({ testTimeout: 60_000 });

describe('a search during a mirror load', () => {
  let persistence: PostgresPersistence;

  beforeAll(async () => {
    persistence = await createPostgresPersistence({ dataDir: 'memory', searchMirror: false });
    await persistence.migrate();
  }, 120_000);

  afterAll(async () => {
    await persistence?.close();
  });

  async function project() {
    const { repositories } = persistence;
    const owner = await repositories.users.create(makeUser());
    const created = await repositories.projects.create(makeProject(owner.id));
    const document = await repositories.documents.create(makeDocument(created.id));
    await repositories.documents.replaceChunks(created.id, document.id, [
      makeChunk(created.id, document.id, 0, 'refunds take fourteen days'),
    ]);
    return created.id;
  }

  /** A mirror whose loads take `delayMs` longer than they would. */
  function slowMirror(delayMs: number, loadWaitMs?: number) {
    const mirror = new SearchMirror(persistence.db, loadWaitMs === undefined ? {} : { loadWaitMs });
    const internals = mirror as unknown as { fullLoad: (id: string) => Promise<unknown> };
    const load = internals.fullLoad.bind(mirror);
    vi.spyOn(internals, 'fullLoad').mockImplementation(async (id) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return load(id);
    });
    return mirror;
  }

  it('waits for the load under way instead of answering from SQL', async () => {
    const projectId = await project();
    const mirror = slowMirror(200);
    const loaded = await mirror.ready(projectId);
    expect(loaded?.statistics.chunkCount).toBe(1);
    mirror.close();
  });

  it('answers from SQL (null) when the load takes longer than the wait', async () => {
    const projectId = await project();
    const mirror = slowMirror(400, 50);
    expect(await mirror.ready(projectId)).toBeNull();
    // The load goes on and the next search finds the project in memory.
    await vi.waitFor(async () => expect(await mirror.ready(projectId)).not.toBeNull());
    mirror.close();
  });

  it('does not wait at all with a wait of 0', async () => {
    const projectId = await project();
    const mirror = slowMirror(200, 0);
    expect(await mirror.ready(projectId)).toBeNull();
    mirror.close();
  });
});
