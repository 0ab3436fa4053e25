import { makeChunk, makeDocument, makeProject, makeUser } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';
import { SearchChangeFeed } from './change-feed.js';
import { SearchMirror } from './search-mirror.js';

vi.setConfig({ testTimeout: 60_000 });

/** Longer than a test may take: a search that waited this long would fail by timing out. */
const forever = 600_000;

describe('a search during a mirror load', () => {
  let persistence: PostgresPersistence;

  beforeAll(async () => {
    persistence = await createPostgresPersistence({ dataDir: 'memory', searchMirror: false });
    await persistence.migrate();
  }, 120_000);

  afterAll(async () => {
    await persistence?.close();
  });

  async function project(text = 'refunds take fourteen days') {
    const { repositories } = persistence;
    const owner = await repositories.users.create(makeUser());
    const created = await repositories.projects.create(makeProject(owner.id));
    const document = await repositories.documents.create(makeDocument(created.id));
    await repositories.documents.replaceChunks(created.id, document.id, [
      makeChunk(created.id, document.id, 0, text),
    ]);
    return { projectId: created.id, documentId: document.id };
  }

  /**
   * A mirror whose loads wait for `open()` before they read the database (`after`: after reading
   * it, before the mirror takes the result, and `read` settles then; `fail`: they fail once
   * open); `loads()` counts the loads.
   */
  function gatedMirror(loadWaitMs: number, gate: { fail?: boolean; after?: boolean } = {}) {
    const mirror = new SearchMirror(persistence.db, { vectors: false, loadWaitMs });
    const internals = mirror as unknown as { fullLoad: (id: string) => Promise<unknown> };
    const load = internals.fullLoad.bind(mirror);
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => {
      readDone = resolve;
    });
    const spy = vi.spyOn(internals, 'fullLoad').mockImplementation(async (id) => {
      const result = gate.after ? await load(id) : undefined;
      readDone();
      await opened;
      if (gate.fail) throw new Error('load failed');
      return gate.after ? result : load(id);
    });
    return { mirror, open, read, loads: () => spy.mock.calls.length };
  }

  it('waits for the load under way instead of answering from SQL', async () => {
    const { projectId } = await project();
    const { mirror, open } = gatedMirror(forever);
    const searches = [mirror.ready(projectId), mirror.ready(projectId)];
    open();
    for (const found of await Promise.all(searches)) expect(found?.statistics.chunkCount).toBe(1);
    mirror.close();
  });

  it('waits for the load of a project created after the first searches of others', async () => {
    const { mirror, open } = gatedMirror(forever);
    open();
    const first = await project();
    expect(await mirror.ready(first.projectId)).not.toBeNull();
    const later = await project('shipping takes three days');
    expect((await mirror.ready(later.projectId))?.statistics.chunkCount).toBe(1);
    mirror.close();
  });

  it('brings a project that changed during its load up to date before answering', async () => {
    const { projectId, documentId } = await project();
    const { mirror, open, read } = gatedMirror(forever, { after: true });
    const first = mirror.ready(projectId);
    // The load has read the project (one chunk); then the project changes.
    await read;
    await persistence.repositories.documents.replaceChunks(projectId, documentId, [
      makeChunk(projectId, documentId, 0, 'refunds take fourteen days'),
      makeChunk(projectId, documentId, 1, 'exchanges take seven days'),
    ]);
    // A search that has read the newer generation reaches the load while it is still under way.
    const generation = await new SearchChangeFeed(persistence.db).generation(projectId);
    const second = mirror.ready(projectId, Promise.resolve(generation));
    await new Promise((resolve) => setImmediate(resolve));
    expect(mirror.mirrored(projectId)).toBe(false);
    open();
    expect(await first).not.toBeNull();
    // The second search read the newer generation: it gets the mirror caught up, not SQL.
    expect((await second)?.statistics.chunkCount).toBe(2);
    mirror.close();
  });

  it('stops waiting when the load outlasts its wait, and later searches do not wait again', async () => {
    const { projectId } = await project();
    const { mirror, open, loads } = gatedMirror(50);
    expect(await mirror.ready(projectId)).toBeNull();
    // The wait belongs to the load: past it, a search answers from SQL even if the load then ends.
    const later = mirror.ready(projectId);
    open();
    expect(await later).toBeNull();
    expect(loads()).toBe(1);
    // The load goes on and a following search finds the project in memory.
    await vi.waitFor(async () => expect(await mirror.ready(projectId)).not.toBeNull());
    mirror.close();
  });

  it('answers from SQL as soon as the load fails, without waiting out the wait', async () => {
    const { projectId } = await project();
    const { mirror, open } = gatedMirror(forever, { fail: true });
    const searching = mirror.ready(projectId);
    open();
    expect(await searching).toBeNull();
    // A failed load is retried only after `retryAfterMs`: meanwhile searches neither wait nor load.
    expect(await mirror.ready(projectId)).toBeNull();
    mirror.close();
  });

  it('does not wait at all with a wait of 0', async () => {
    const { projectId } = await project();
    const { mirror, open, loads } = gatedMirror(0);
    expect(await mirror.ready(projectId)).toBeNull();
    expect(loads()).toBe(1);
    open();
    mirror.close();
  });
});
