import { makeChunk, makeDocument, seedProject } from '@chatbuddy/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';
import { lexemeIndex } from './pending-list-cleaner.js';

vi.setConfig({ testTimeout: 30_000 });

const words = ['refund', 'shipping', 'warranty', 'invoice', 'parcel', 'courier', 'voucher', 'receipt'];

/** A document of 40 chunks written the way indexing writes them: chunk rows in a unit of work. */
async function indexDocument(persistence: PostgresPersistence, marker: string) {
  const { repositories, unitOfWork } = persistence;
  const project = await seedProject(repositories);
  const document = await repositories.documents.create(makeDocument(project.id));
  const chunks = Array.from({ length: 40 }, (_, position) =>
    makeChunk(
      project.id,
      document.id,
      position,
      `${marker} ${words.map((word) => `${word}${position}`).join(' ')} ${words.join(' ')}`,
    ),
  );
  await unitOfWork.run((transaction) => transaction.documents.replaceChunks(project.id, document.id, chunks));
  return { project, chunks };
}

/** Merges the pending list now; the number of pending pages it held. */
async function pendingPages(persistence: PostgresPersistence): Promise<number> {
  const { rows } = await sql<{ pages: number }>`
    select gin_clean_pending_list(${lexemeIndex}::regclass) as pages`.execute(persistence.db);
  return Number(rows[0]!.pages);
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the lexeme index pending list on the embedded database (decision 0038)', () => {
  let merging: PostgresPersistence;
  let notMerging: PostgresPersistence;

  beforeAll(async () => {
    merging = await createPostgresPersistence({ dataDir: 'memory', pendingListIdleMs: 40 });
    notMerging = await createPostgresPersistence({ dataDir: 'memory', pendingListIdleMs: 0 });
    await Promise.all([merging.migrate(), notMerging.migrate()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([merging?.close(), notMerging?.close()]);
  });

  it('starts with a pending list limit of 32 MB', async () => {
    const { rows } = await sql<{
      limit: string;
    }>`select current_setting('gin_pending_list_limit') as limit`.execute(merging.db);
    expect(rows[0]!.limit).toBe('32MB');
  });

  it('merges the pending list once term writes have been quiet, and not before', async () => {
    await indexDocument(merging, 'first');
    await indexDocument(merging, 'second');
    await settle(400);
    expect(await pendingPages(merging)).toBe(0);
    // Without the quiet-time merge the same writes stay pending (the limit is far away).
    await indexDocument(notMerging, 'first');
    await indexDocument(notMerging, 'second');
    await settle(400);
    expect(await pendingPages(notMerging)).toBeGreaterThan(0);
  });

  it('finds terms through the index while they are still pending', async () => {
    const { project, chunks } = await indexDocument(notMerging, 'pending');
    const hits = await notMerging.lexicalIndex.search(project.id, { text: 'courier17 voucher17', topK: 3 });
    expect(hits[0]?.chunk.id).toBe(chunks[17]!.id);
    await pendingPages(notMerging);
    const after = await notMerging.lexicalIndex.search(project.id, { text: 'courier17 voucher17', topK: 3 });
    expect(after.map((hit) => hit.chunk.id)).toEqual(hits.map((hit) => hit.chunk.id));
  });

  it('closes with a merge still waiting for quiet, and never runs it on the closed database', async () => {
    const warnings: unknown[] = [];
    const closing = await createPostgresPersistence({
      dataDir: 'memory',
      pendingListIdleMs: 200,
      logger: { warn: (message, fields) => warnings.push({ message, fields }) },
    });
    try {
      await closing.migrate();
      await indexDocument(closing, 'closing');
    } finally {
      await closing.close();
    }
    await settle(400);
    expect(warnings).toEqual([]);
  });

  it('merges after units of work that replaced chunk rows, not after other writes', async () => {
    const quiet = await createPostgresPersistence({ dataDir: 'memory', pendingListIdleMs: 40 });
    try {
      await quiet.migrate();
      const { repositories } = quiet;
      await indexDocument(quiet, 'written');
      await settle(400);
      expect(await pendingPages(quiet)).toBe(0);
      const project = await seedProject(repositories);
      await quiet.unitOfWork.run((transaction) => transaction.documents.create(makeDocument(project.id)));
      // Pending entries written outside a unit of work are left to maintain() and the limit.
      const document = await repositories.documents.create(makeDocument(project.id));
      await repositories.documents.replaceChunks(project.id, document.id, [
        makeChunk(project.id, document.id, 0, 'outside any unit of work'),
      ]);
      await settle(400);
      expect(await pendingPages(quiet)).toBeGreaterThan(0);
    } finally {
      await quiet.close();
    }
  });
});
