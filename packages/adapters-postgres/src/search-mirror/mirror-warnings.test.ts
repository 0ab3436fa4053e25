import { makeChunk, makeDocument, makeProject, makeUser, RecordingLogger } from '@chatbuddy/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';

vi.setConfig({ testTimeout: 60_000 });

describe('search mirror failures', () => {
  const logger = new RecordingLogger();
  let persistence: PostgresPersistence;

  beforeAll(async () => {
    persistence = await createPostgresPersistence({
      dataDir: 'memory',
      searchMirror: { blockingLoad: true },
      logger,
    });
    await persistence.migrate();
  }, 120_000);

  afterAll(async () => {
    await persistence?.close();
  });

  /** A project with one searchable chunk, and a way to write another. */
  async function project() {
    const { repositories } = persistence;
    const owner = await repositories.users.create(makeUser());
    const created = await repositories.projects.create(makeProject(owner.id));
    const document = await repositories.documents.create(makeDocument(created.id));
    const write = (text: string) =>
      repositories.documents.replaceChunks(created.id, document.id, [
        makeChunk(created.id, document.id, 0, text),
      ]);
    await write('refunds take fourteen days');
    return { projectId: created.id, write };
  }

  /** Runs `work` while the BM25 terms table cannot be read. */
  async function withoutTerms<T>(work: () => Promise<T>): Promise<T> {
    await sql`alter table lexical_chunk_terms rename to lexical_chunk_terms_hidden`.execute(persistence.db);
    try {
      return await work();
    } finally {
      await sql`alter table lexical_chunk_terms_hidden rename to lexical_chunk_terms`.execute(persistence.db);
    }
  }

  it('warns, naming the project and the error, when a project cannot be loaded', async () => {
    const { projectId } = await project();
    logger.warnings.length = 0;
    expect(await withoutTerms(() => persistence.searchMirror!.load(projectId))).toBe(false);
    expect(logger.warnings).toEqual([
      {
        message: 'search mirror could not load a project; searches use SQL meanwhile',
        fields: { projectId, retryAfterMs: 30_000, error: expect.any(Error) },
      },
    ]);
    // The database's own message travels as the cause, for the log line.
    const error = logger.warnings[0]!.fields.error as Error;
    expect(String(error.cause)).toContain('lexical_chunk_terms');
  });

  it('warns when a loaded project cannot catch up with a change', async () => {
    const { projectId, write } = await project();
    expect(await persistence.searchMirror!.load(projectId)).toBe(true);
    await write('shipping takes three days');
    logger.warnings.length = 0;
    expect(await withoutTerms(() => persistence.searchMirror!.ready(projectId))).toBeNull();
    expect(logger.warnings).toEqual([
      {
        message: 'search mirror could not catch up with changes; this search uses SQL',
        fields: { projectId, error: expect.any(Error) },
      },
    ]);
  });

  it('logs nothing when loads and catch-ups succeed', async () => {
    const { projectId, write } = await project();
    logger.warnings.length = 0;
    expect(await persistence.searchMirror!.load(projectId)).toBe(true);
    await write('shipping takes three days');
    expect(await persistence.searchMirror!.ready(projectId)).not.toBeNull();
    expect(logger.warnings).toEqual([]);
  });

  // Last: it closes the mirror.
  it('stays silent about a load that closing the mirror cut short', async () => {
    const { projectId } = await project();
    const mirror = persistence.searchMirror!;
    logger.warnings.length = 0;
    // The database goes away mid-load, as when a command closes while a background load runs.
    vi.spyOn(mirror as unknown as { fullLoad: () => Promise<unknown> }, 'fullLoad').mockImplementation(
      async () => {
        mirror.close();
        throw new Error('driver has already been destroyed');
      },
    );
    expect(await mirror.load(projectId)).toBe(false);
    expect(logger.warnings).toEqual([]);
  });
});
