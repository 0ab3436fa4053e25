import type { EmbeddedChunk, ScoredChunk, VectorQuery, VectorStore } from '@chatbuddy/core';
import {
  embedded,
  fixtureId,
  InMemoryVectorStore,
  makeChunk,
  unitVector,
  vectorStoreContract,
} from '@chatbuddy/core/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { transactionOf } from '../kysely-unit-of-work.js';
import type { PostgresPersistence } from '../postgres-persistence.js';
import { useMigratedDatabase } from '../testing/migrated-database.js';
import { prepareVectorProject, vectorStoreWithChunkRows } from '../testing/persistence-subject.js';
import { VectorOutbox, type VectorOutboxOptions } from './vector-outbox.js';

vi.setConfig({ testTimeout: 60_000 });

/**
 * A store outside the database as the outbox expects one (Chroma with `chunks`): it keeps
 * vectors only, and its hits take their chunks from the chunk rows, without the ones that are gone.
 */
class VectorsOnlyStore extends InMemoryVectorStore {
  upserts = 0;
  constructor(private readonly persistence: () => PostgresPersistence) {
    super();
  }
  override async upsert(projectId: string, chunks: readonly EmbeddedChunk[]): Promise<void> {
    this.upserts += 1;
    await super.upsert(projectId, chunks);
  }
  override async query(projectId: string, query: VectorQuery): Promise<ScoredChunk[]> {
    const hits = await super.query(projectId, query);
    const rows = await this.persistence().chunkRows(
      projectId,
      hits.map((hit) => hit.chunk.id),
    );
    return hits.flatMap((hit) => {
      const chunk = rows.get(hit.chunk.id);
      return chunk ? [{ chunk, score: hit.score }] : [];
    });
  }
}

const dimensions = 8;

describe.skipIf(!process.env.DB_URL)('VectorOutbox on a PostgreSQL server (DB_URL)', () => {
  const database = useMigratedDatabase(process.env.DB_URL!);
  const outboxes: VectorOutbox[] = [];
  /** Stops every writer so far: each one sends any project's vectors to its own store. */
  const closeAll = async () => {
    for (const outbox of outboxes.splice(0)) await outbox.close();
  };
  // Registered after the database's own: runs before it is closed.
  afterAll(closeAll);
  /**
   * An outbox before a fresh in-memory store, the only one with a writer; its writer runs unless
   * `writer` is false.
   */
  const make = async (options: VectorOutboxOptions & { writer?: boolean } = {}) => {
    await closeAll();
    const { persistence } = database;
    const store = new VectorsOnlyStore(() => database.persistence);
    const outbox = new VectorOutbox(persistence.db, store, persistence.chunkRows, {
      lingerMs: 5,
      pollMs: 20,
      retryMs: 20,
      ...options,
    });
    if (options.writer !== false) outbox.start();
    outboxes.push(outbox);
    return { outbox, store };
  };
  const project = async (documents = 1) => {
    const projectId = fixtureId();
    const documentIds = Array.from({ length: documents }, fixtureId);
    await prepareVectorProject(database.persistence, projectId, documentIds);
    return { projectId, documentIds };
  };
  const waiting = async (projectId?: string) => {
    let query = database.persistence.db
      .selectFrom('vector_outbox')
      .select((eb) => eb.fn.countAll<number>().as('count'));
    if (projectId) query = query.where('project_id', '=', projectId);
    return Number((await query.executeTakeFirstOrThrow()).count);
  };
  const until = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  vectorStoreContract('VectorOutbox, its writer sending meanwhile', {
    makeSubject: async () => vectorStoreWithChunkRows(database.persistence, (await make()).outbox),
    prepareProject: (projectId, documentIds) =>
      prepareVectorProject(database.persistence, projectId, documentIds),
    dimensions,
    numRuns: 10,
    unitOfWork: () => database.persistence.unitOfWork,
  });

  vectorStoreContract('VectorOutbox, nothing sent yet', {
    makeSubject: async () =>
      vectorStoreWithChunkRows(database.persistence, (await make({ writer: false })).outbox),
    prepareProject: (projectId, documentIds) =>
      prepareVectorProject(database.persistence, projectId, documentIds),
    dimensions,
    numRuns: 10,
    unitOfWork: () => database.persistence.unitOfWork,
  });

  it('finds vectors from their commit on: in the outbox, then in the store, with the same scores', async () => {
    const { outbox, store } = await make({ writer: false });
    const subject = vectorStoreWithChunkRows(database.persistence, outbox);
    const { projectId, documentIds } = await project();
    const chunks = [0, 1, 2].map((position) => makeChunk(projectId, documentIds[0]!, position));
    await subject.upsert(
      projectId,
      chunks.map((chunk, index) => embedded(chunk, unitVector(dimensions, index, 0.2))),
    );
    const query = { embedding: unitVector(dimensions, 1), topK: 3 };
    const before = await outbox.query(projectId, query);
    expect(await store.query(projectId, query)).toEqual([]);
    expect(before[0]!.chunk).toEqual(chunks[1]);

    expect(await outbox.sendBatch()).toBeGreaterThanOrEqual(3);
    expect(await waiting(projectId)).toBe(0);
    expect((await store.listChunkIds(projectId, documentIds[0]!)).length).toBe(3);
    const after = await outbox.query(projectId, query);
    expect(after.map((hit) => hit.chunk)).toEqual(before.map((hit) => hit.chunk));
    for (const [index, hit] of after.entries()) expect(hit.score).toBeCloseTo(before[index]!.score, 5);
  });

  it('sends what the transaction that swaps the rows committed, and nothing of one rolled back', async () => {
    const { outbox, store } = await make();
    const { projectId, documentIds } = await project(2);
    const kept = makeChunk(projectId, documentIds[0]!, 0);
    const dropped = makeChunk(projectId, documentIds[1]!, 0);
    await database.persistence.unitOfWork.run(async (repositories) => {
      await outbox.inTransaction(repositories).upsert(projectId, [embedded(kept, unitVector(dimensions, 0))]);
    });
    await expect(
      database.persistence.unitOfWork.run(async (repositories) => {
        expect(transactionOf(repositories)).toBeDefined();
        await outbox
          .inTransaction(repositories)
          .upsert(projectId, [embedded(dropped, unitVector(dimensions, 1))]);
        throw new Error('the rest of the work failed');
      }),
    ).rejects.toThrow('the rest of the work failed');
    await until(async () => (await waiting(projectId)) === 0);
    expect(await store.listChunkIds(projectId, documentIds[0]!)).toEqual([kept.id]);
    expect(await store.listChunkIds(projectId, documentIds[1]!)).toEqual([]);
  });

  it('keeps a project’s vectors, found, while the store refuses them, sends the other projects’, then sends them once it takes them', async () => {
    const { outbox, store } = await make();
    const subject = vectorStoreWithChunkRows(database.persistence, outbox);
    const refused = await project();
    const other = await project();
    let refusing = true;
    const upsert = store.upsert.bind(store);
    store.upsert = async (projectId, chunks) => {
      if (refusing && projectId === refused.projectId) throw new Error('the store is unavailable');
      await upsert(projectId, chunks);
    };
    const chunk = makeChunk(refused.projectId, refused.documentIds[0]!, 0);
    const otherChunk = makeChunk(other.projectId, other.documentIds[0]!, 0);
    await subject.upsert(refused.projectId, [embedded(chunk, unitVector(dimensions, 0))]);
    await subject.upsert(other.projectId, [embedded(otherChunk, unitVector(dimensions, 0))]);
    await until(async () => (await waiting(other.projectId)) === 0);
    expect(await store.listChunkIds(other.projectId, other.documentIds[0]!)).toEqual([otherChunk.id]);
    expect(await waiting(refused.projectId)).toBe(1);
    const [hit] = await outbox.query(refused.projectId, { embedding: unitVector(dimensions, 0), topK: 1 });
    expect(hit!.chunk).toEqual(chunk);
    refusing = false;
    await until(async () => (await waiting(refused.projectId)) === 0);
    expect(await store.listChunkIds(refused.projectId, refused.documentIds[0]!)).toEqual([chunk.id]);
  });

  it('a removal during a send waits for it: the store keeps no vector of the removed chunks', async () => {
    const { outbox, store } = await make({ writer: false });
    const subject = vectorStoreWithChunkRows(database.persistence, outbox);
    const { projectId, documentIds } = await project();
    const chunks = [0, 1].map((position) => makeChunk(projectId, documentIds[0]!, position));
    await subject.upsert(
      projectId,
      chunks.map((chunk, index) => embedded(chunk, unitVector(dimensions, index))),
    );
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let sendStarted!: () => void;
    const started = new Promise<void>((resolve) => (sendStarted = resolve));
    const upsert = store.upsert.bind(store);
    store.upsert = async (id, entries) => {
      sendStarted();
      await gate;
      await upsert(id, entries);
    };
    const sending = outbox.sendBatch();
    await started;
    let removed = false;
    const removal = outbox.deleteChunks(projectId, [chunks[0]!.id]).then(() => (removed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(removed).toBe(false);
    release();
    await Promise.all([sending, removal]);
    expect(await store.listChunkIds(projectId, documentIds[0]!)).toEqual([chunks[1]!.id]);
    expect(await outbox.listChunkIds(projectId, documentIds[0]!)).toEqual([chunks[1]!.id]);
  });

  it('notes for the repair pass the vectors a failed removal leaves, the outbox’s among them', async () => {
    const { outbox, store } = await make({ writer: false });
    const subject = vectorStoreWithChunkRows(database.persistence, outbox);
    const { projectId, documentIds } = await project(2);
    const waitingChunk = makeChunk(projectId, documentIds[0]!, 0);
    const replaced = makeChunk(projectId, documentIds[1]!, 0);
    await subject.upsert(projectId, [embedded(waitingChunk, unitVector(dimensions, 0))]);
    const unavailable = new Error('the store is unavailable');
    store.deleteByDocument = async () => {
      throw unavailable;
    };
    store.deleteChunks = async () => {
      throw unavailable;
    };
    await expect(outbox.deleteByDocument(projectId, documentIds[0]!)).rejects.toBe(unavailable);
    await expect(outbox.deleteChunks(projectId, [replaced.id])).rejects.toBe(unavailable);
    const noted = await database.persistence.db
      .selectFrom('vector_removals')
      .select('chunk_id')
      .where('project_id', '=', projectId)
      .orderBy('chunk_id')
      .execute();
    expect(noted.map((row) => row.chunk_id)).toEqual([waitingChunk.id, replaced.id].sort());
    expect(await waiting(projectId)).toBe(0);
  });

  it('two writers share the outbox: every vector is sent once', async () => {
    await closeAll();
    const store = new VectorsOnlyStore(() => database.persistence);
    const { persistence } = database;
    const [first, second] = [0, 1].map(() => {
      const outbox = new VectorOutbox(persistence.db, store, persistence.chunkRows, { batchSize: 7 });
      outboxes.push(outbox);
      return outbox;
    }) as [VectorOutbox, VectorOutbox];
    const subject = vectorStoreWithChunkRows(persistence, first);
    const { projectId, documentIds } = await project();
    const chunks = Array.from({ length: 60 }, (_, position) =>
      makeChunk(projectId, documentIds[0]!, position),
    );
    await subject.upsert(
      projectId,
      chunks.map((chunk, index) => embedded(chunk, unitVector(dimensions, index % dimensions))),
    );
    const sentBy = { first: 0, second: 0 };
    const drain = async (outbox: VectorOutbox, key: 'first' | 'second') => {
      for (;;) {
        const claimed = await outbox.sendBatch();
        if (claimed === 0) return;
        sentBy[key] += claimed;
      }
    };
    await Promise.all([drain(first, 'first'), drain(second, 'second')]);
    expect(sentBy.first + sentBy.second).toBe(60);
    expect(sentBy.first).toBeGreaterThan(0);
    expect(sentBy.second).toBeGreaterThan(0);
    expect((await store.listChunkIds(projectId, documentIds[0]!)).length).toBe(60);
    expect(await waiting(projectId)).toBe(0);
  });

  it('close sends what is left before it returns', async () => {
    const { outbox, store } = await make({ writer: false });
    const subject = vectorStoreWithChunkRows(database.persistence, outbox);
    const { projectId, documentIds } = await project();
    const chunk = makeChunk(projectId, documentIds[0]!, 0);
    await subject.upsert(projectId, [embedded(chunk, unitVector(dimensions, 0))]);
    outbox.start();
    await outbox.close();
    expect(await waiting(projectId)).toBe(0);
    expect(await store.listChunkIds(projectId, documentIds[0]!)).toEqual([chunk.id]);
  });

  it('close gives up after its drain time when the store does not answer, and leaves the vectors in the outbox', async () => {
    const { outbox, store } = await make({ writer: false, drainMs: 300 });
    const subject = vectorStoreWithChunkRows(database.persistence, outbox);
    const { projectId, documentIds } = await project();
    await subject.upsert(projectId, [
      embedded(makeChunk(projectId, documentIds[0]!, 0), unitVector(dimensions, 0)),
    ]);
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    store.upsert = async () => {
      await hung;
      throw new Error('the store did not answer');
    };
    const started = Date.now();
    await outbox.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    release();
    await until(async () => (await waiting(projectId)) === 1);
    const [hit] = await outbox.query(projectId, { embedding: unitVector(dimensions, 0), topK: 1 });
    expect(hit?.chunk.documentId).toBe(documentIds[0]);
  });

  it('vacuums the table once it has deleted enough rows and has nothing more to send', async () => {
    const vacuums = async () => {
      const { rows } = await sql<{ count: number }>`
        select vacuum_count::int as count from pg_stat_user_tables where relname = 'vector_outbox'`.execute(
        database.persistence.db,
      );
      return rows[0]?.count ?? 0;
    };
    const before = await vacuums();
    const { outbox } = await make({ vacuumAfter: 20 });
    const subject = vectorStoreWithChunkRows(database.persistence, outbox);
    const { projectId, documentIds } = await project();
    await subject.upsert(
      projectId,
      Array.from({ length: 30 }, (_, position) =>
        embedded(
          makeChunk(projectId, documentIds[0]!, position),
          unitVector(dimensions, position % dimensions),
        ),
      ),
    );
    await until(async () => (await waiting(projectId)) === 0);
    await until(async () => (await vacuums()) > before);
  });

  it('counts the vectors waiting', async () => {
    const { outbox } = await make({ writer: false });
    const subject = vectorStoreWithChunkRows(database.persistence, outbox);
    const { projectId, documentIds } = await project();
    const before = await outbox.backlog();
    await subject.upsert(projectId, [
      embedded(makeChunk(projectId, documentIds[0]!, 0), unitVector(dimensions, 0)),
    ]);
    expect(await outbox.backlog()).toBe(before + 1);
  });

  it('is offered on a PostgreSQL server only, and stopped with the database', async () => {
    await closeAll();
    const { persistence } = database;
    expect(persistence.vectorOutbox).toBeTypeOf('function');
    expect(persistence.kind).toBe('postgres');
    const store: VectorStore = new VectorsOnlyStore(() => database.persistence);
    const outbox = persistence.vectorOutbox!(store);
    expect(outbox.writesIndependentOfUnitOfWork).toBe(true);
    outboxes.push(outbox);
  });
});
