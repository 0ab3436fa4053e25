import {
  fixtureId,
  makeApiKey,
  makeChunk,
  makeConversation,
  makeDocument,
  makeMessage,
  makeProject,
  makeUsageEvent,
  makeUser,
  seedProject,
  unitVector,
} from '@chatbuddy/core/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError } from '@chatbuddy/core';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrationProvider, migrations } from './migrations/index.js';
import { createPostgresPersistence, type PostgresPersistence } from './postgres-persistence.js';
import { prepareVectorProject, vectorStoreWithChunkRows } from './testing/persistence-subject.js';

vi.setConfig({ testTimeout: 30_000 });

let persistence: PostgresPersistence;

beforeAll(async () => {
  persistence = await createPostgresPersistence({ dataDir: 'memory' });
  await persistence.migrate();
}, 180_000);

afterAll(async () => {
  await persistence?.close();
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (isDomainError(error) ? error.code : `raw: ${String(error)}`),
  );

describe('PGlite persistence', () => {
  it('is migrated; a second migration applies nothing', async () => {
    expect(await persistence.migrate()).toEqual({ applied: [] });
    expect(persistence.kind).toBe('pglite');
    expect(persistence.vectorStore).not.toBeNull();
    await persistence.readinessProbe.check();
    await persistence.maintain();
  });

  it('vacuums and analyses the search tables only when their data changed since its last upkeep', async () => {
    const subject = await createPostgresPersistence({ dataDir: 'memory' });
    try {
      await subject.migrate();
      const analysedAt = async () => {
        const { rows } = await sql<{ at: Date | null }>`
          select last_analyze as at from pg_stat_user_tables where relname = 'lexical_chunk_terms'`.execute(
          subject.db,
        );
        return rows[0]?.at?.getTime() ?? null;
      };
      const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
      expect(await analysedAt()).toBeNull();
      await subject.maintain();
      const first = await analysedAt();
      expect(first).not.toBeNull();
      await pause();
      await subject.maintain(); // nothing written since
      expect(await analysedAt()).toBe(first);

      const { users, projects, documents } = subject.repositories;
      const owner = await users.create(makeUser());
      const project = await projects.create(makeProject(owner.id));
      const document = await documents.create(makeDocument(project.id));
      await documents.replaceChunks(project.id, document.id, [
        makeChunk(project.id, document.id, 0, 'refunds take fourteen days'),
      ]);
      await pause();
      await subject.maintain();
      const second = await analysedAt();
      expect(second).toBeGreaterThan(first!);
      await pause();
      await subject.maintain();
      expect(await analysedAt()).toBe(second);

      await documents.delete(project.id, document.id); // a removal is a change too
      await pause();
      await subject.maintain();
      expect(await analysedAt()).toBeGreaterThan(second!);
    } finally {
      await subject.close();
    }
  });

  it('applies a pending migration, and refuses a database with one it does not know', async () => {
    const names = Object.keys(migrations);
    const behind = await createPostgresPersistence({ dataDir: 'memory' });
    try {
      const migrator = new Migrator({ db: behind.db, provider: migrationProvider });
      const { error } = await migrator.migrateTo(names.at(-2)!);
      if (error) throw error;
      expect(await behind.pendingMigrations()).toEqual([names.at(-1)]);
      expect(await behind.migrate()).toEqual({ applied: [names.at(-1)] });
      expect(await behind.pendingMigrations()).toEqual([]);
      expect(await behind.migrate()).toEqual({ applied: [] });
      await sql`insert into kysely_migration (name, timestamp) values ('2999-01-01T0000-from-a-later-version', now()::text)`.execute(
        behind.db,
      );
      await expect(behind.migrate()).rejects.toThrow();
    } finally {
      await behind.close();
    }
  });

  it("names a migration that fails, with the database's reason", async () => {
    const names = Object.keys(migrations);
    const broken = await createPostgresPersistence({ dataDir: 'memory' });
    try {
      expect(await broken.pendingMigrations()).toEqual(names);
      await broken.migrate();
      // Its record lost, the last migration runs again on tables it made.
      await sql`delete from kysely_migration where name = ${names.at(-1)!}`.execute(broken.db);
      const failure = await broken.migrate().catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'internal_error', details: { migration: names.at(-1) } });
      expect((failure as Error).message).toMatch(new RegExp(`${names.at(-1)} failed: .*already exists`));
    } finally {
      await broken.close();
    }
  });

  it('refuses NUL characters and unpaired surrogates with invalid_input, in text and in JSON', async () => {
    const { users, projects } = persistence.repositories;
    expect(await codeOf(users.create(makeUser({ name: 'Ja\u0000ne' })))).toBe('invalid_input');
    expect(await codeOf(users.create(makeUser({ name: 'broken \uD800 half' })))).toBe('invalid_input');
    const owner = await users.create(makeUser());
    expect(await codeOf(projects.create(makeProject(owner.id, { metadata: { note: 'a\u0000b' } })))).toBe(
      'invalid_input',
    );
    expect(await codeOf(projects.create(makeProject(owner.id, { metadata: { note: '\uDC00' } })))).toBe(
      'invalid_input',
    );
  });

  it('translates missing parents into not-found codes', async () => {
    const { projects, documents } = persistence.repositories;
    expect(await codeOf(projects.create(makeProject(fixtureId())))).toBe('user_not_found');
    expect(await codeOf(documents.create(makeDocument(fixtureId())))).toBe('project_not_found');
  });

  it('reads chunks by id from the rows, of the asked project only, with or without the mirror', async () => {
    const mirrored = await createPostgresPersistence({ dataDir: 'memory', searchMirror: true });
    try {
      await mirrored.migrate();
      for (const subject of [persistence, mirrored]) {
        const { repositories } = subject;
        const [project, other] = [await seedProject(repositories), await seedProject(repositories)];
        const document = await repositories.documents.create(makeDocument(project.id));
        const foreign = await repositories.documents.create(makeDocument(other.id));
        const chunk = makeChunk(project.id, document.id, 0, 'refund policy');
        const foreignChunk = makeChunk(other.id, foreign.id, 0, 'secret');
        await repositories.documents.replaceChunks(project.id, document.id, [chunk]);
        await repositories.documents.replaceChunks(other.id, foreign.id, [foreignChunk]);
        const read = await subject.chunkRows(project.id, [
          chunk.id,
          foreignChunk.id,
          fixtureId(),
          'not-a-uuid',
        ]);
        expect([...read.entries()]).toEqual([[chunk.id, chunk]]);
        expect((await subject.chunkRows('not-a-uuid', [chunk.id])).size).toBe(0);
        // Twice: the second read may come from the mirror's cache, and must still be per project.
        expect(
          (await subject.chunkRows(other.id, [chunk.id, foreignChunk.id])).get(chunk.id),
        ).toBeUndefined();
        expect((await subject.chunkRows(project.id, [chunk.id])).get(chunk.id)).toEqual(chunk);
      }
    } finally {
      await mirrored.close();
    }
  });

  it('deleting a project removes every row that belongs to it', async () => {
    const { repositories } = persistence;
    const project = await seedProject(repositories);
    const document = await repositories.documents.create(makeDocument(project.id));
    await repositories.documents.replaceChunks(project.id, document.id, [
      makeChunk(project.id, document.id, 0, 'refund'),
    ]);
    await persistence.vectorStore!.upsert(project.id, [
      { chunk: makeChunk(project.id, document.id, 1), embedding: unitVector(4, 1) },
    ]);
    const conversation = await repositories.conversations.create(makeConversation(project.id));
    await repositories.conversations.appendMessages([makeMessage(conversation)]);
    await repositories.usage.record(makeUsageEvent(project.id));
    await repositories.apiKeys.create(makeApiKey(project.id));
    await repositories.idempotency.claim({
      projectId: project.id,
      key: 'k',
      requestHash: 'h',
      state: 'running',
      responseStatus: null,
      responseBody: null,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    });
    const tables = [
      'documents',
      'document_chunks',
      'lexical_chunk_terms',
      'lexical_statistics',
      'chunk_embeddings',
      'conversations',
      'conversation_messages',
      'usage_logs',
      'api_keys',
      'idempotency_keys',
    ];
    const remaining = async () => {
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const result = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)}
          where project_id = ${project.id}::uuid`.execute(persistence.db);
        counts[table] = result.rows[0]!.count;
      }
      return counts;
    };
    expect(Object.values(await remaining()).every((count) => count > 0)).toBe(true);
    expect(await repositories.projects.delete(project.id)).toBe(true);
    expect(Object.values(await remaining())).toEqual(tables.map(() => 0));
  });

  it('a document or chunk row deleted by any statement takes its BM25 terms with it', async () => {
    const { repositories } = persistence;
    const project = await seedProject(repositories);
    const kept = await repositories.documents.create(makeDocument(project.id));
    const gone = await repositories.documents.create(makeDocument(project.id));
    for (const document of [kept, gone]) {
      await repositories.documents.replaceChunks(project.id, document.id, [
        makeChunk(project.id, document.id, 0, 'refund policy'),
      ]);
    }
    const terms = async (documentId: string) => {
      const result = await sql<{ count: number }>`select count(*)::int as count from lexical_chunk_terms
        where document_id = ${documentId}::uuid`.execute(persistence.db);
      return result.rows[0]!.count;
    };
    expect(await terms(gone.id)).toBe(1);
    await sql`delete from documents where id = ${gone.id}::uuid`.execute(persistence.db);
    expect(await terms(gone.id)).toBe(0);
    expect(await terms(kept.id)).toBe(1);
    await sql`delete from document_chunks where document_id = ${kept.id}::uuid`.execute(persistence.db);
    expect(await terms(kept.id)).toBe(0);
  });

  it('keeps one row of BM25 terms per chunk: lexemes with their tf, and the analysed length', async () => {
    const { repositories } = persistence;
    const project = await seedProject(repositories);
    const document = await repositories.documents.create(makeDocument(project.id, { title: 'Refunds' }));
    await repositories.documents.replaceChunks(project.id, document.id, [
      {
        ...makeChunk(project.id, document.id, 0, 'Refunds are refunded within days; refund forms.'),
        headingPath: ['Refunds', 'Forms'],
      },
      { ...makeChunk(project.id, document.id, 1, 'the and of'), headingPath: [] },
    ]);
    const rows = await sql<{ position: number; chunk_length: number; lexemes: string[]; tfs: number[] }>`
      select c.position, t.chunk_length, t.lexemes, t.tfs
      from lexical_chunk_terms t join document_chunks c on c.id = t.chunk_id
      where t.document_id = ${document.id}::uuid`.execute(persistence.db);
    // Title once, heading path minus the title, then the text (stop words dropped).
    const byPosition = Object.fromEntries(
      rows.rows.map((row) => [
        row.position,
        {
          length: row.chunk_length,
          tf: Object.fromEntries(row.lexemes.map((lexeme, index) => [lexeme, row.tfs[index]])),
        },
      ]),
    );
    expect(byPosition).toEqual({
      0: { length: 8, tf: { refund: 4, day: 1, form: 2, within: 1 } },
      1: { length: 1, tf: { refund: 1 } },
    });
  });

  it('keeps data in a folder across close and reopen', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-pglite-'));
    try {
      const first = await createPostgresPersistence({ dataDir });
      expect((await first.migrate()).applied.length).toBeGreaterThan(0);
      const user = await first.repositories.users.create(makeUser());
      await first.close();
      const second = await createPostgresPersistence({ dataDir });
      expect(await second.migrate()).toEqual({ applied: [] });
      expect(await second.repositories.users.findById(user.id)).toEqual(user);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('a server that cannot be reached is dependency_unavailable and retryable', async () => {
    const error = await createPostgresPersistence({
      url: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMs: 2_000,
    }).catch((failure: unknown) => failure);
    expect(isDomainError(error) && error.code).toBe('dependency_unavailable');
    expect(isDomainError(error) && error.retryable).toBe(true);
  });
});

describe('PostgresLexicalIndex on PGlite', () => {
  const setup = async (title = 'Returns and refunds') => {
    const project = await seedProject(persistence.repositories);
    const document = await persistence.repositories.documents.create(makeDocument(project.id, { title }));
    return { projectId: project.id, document };
  };

  it('stems, drops stop words, and indexes the document title with each chunk', async () => {
    const { projectId, document } = await setup('Warranty handbook');
    const chunk = makeChunk(projectId, document.id, 0, 'Customers running late may return items.');
    await persistence.repositories.documents.replaceChunks(projectId, document.id, [chunk]);
    const search = (text: string) => persistence.lexicalIndex.search(projectId, { text, topK: 5 });
    expect((await search('runs')).map((result) => result.chunk.id)).toEqual([chunk.id]);
    expect((await search('warranties')).map((result) => result.chunk.id)).toEqual([chunk.id]);
    expect(await search('the and of')).toEqual([]);
    expect((await search('\u0000runs \uD800')).map((result) => result.chunk.id)).toEqual([chunk.id]);
    await persistence.repositories.documents.update(
      projectId,
      document.id,
      { title: 'Guarantee booklet' },
      new Date(),
    );
    expect(await search('warranty')).toEqual([]);
    expect((await search('booklet')).map((result) => result.chunk.id)).toEqual([chunk.id]);
  });

  it('keeps collection statistics equal to the chunk rows through replace and delete', async () => {
    const { projectId, document } = await setup();
    const { documents } = persistence.repositories;
    const texts = ['alpha beta gamma', 'beta gamma', 'gamma delta epsilon zeta'];
    await documents.replaceChunks(
      projectId,
      document.id,
      texts.map((text, index) => makeChunk(projectId, document.id, index, text)),
    );
    await documents.replaceChunks(projectId, document.id, [
      makeChunk(projectId, document.id, 0, 'alpha alpha'),
    ]);
    const other = await documents.create(makeDocument(projectId));
    await documents.replaceChunks(projectId, other.id, [makeChunk(projectId, other.id, 0, 'beta')]);
    const statistics = async () =>
      (
        await sql<{ chunk_count: number; total_length: number; postings_length: number }>`
          select s.chunk_count, s.total_length,
                 (select coalesce(sum(chunk_length), 0)::int from lexical_chunk_terms where project_id = s.project_id) as postings_length
          from lexical_statistics s where project_id = ${projectId}::uuid`.execute(persistence.db)
      ).rows[0];
    const before = await statistics();
    expect(Number(before?.chunk_count)).toBe(await documents.countChunks(projectId));
    expect(Number(before?.total_length)).toBe(Number(before?.postings_length));
    await documents.delete(projectId, document.id);
    const after = await statistics();
    expect(Number(after?.chunk_count)).toBe(1);
    expect(Number(after?.total_length)).toBe(Number(after?.postings_length));
  });

  it('records one change-feed entry per replacement, with the net statistics in one go', async () => {
    const { projectId, document } = await setup();
    const { documents } = persistence.repositories;
    const generation = async () =>
      Number(
        (
          await sql<{ generation: number }>`
            select generation from search_index_generations where project_id = ${projectId}::uuid`.execute(
            persistence.db,
          )
        ).rows[0]?.generation ?? 0,
      );
    await documents.replaceChunks(projectId, document.id, [
      makeChunk(projectId, document.id, 0, 'alpha beta'),
    ]);
    const first = await generation();
    await documents.replaceChunks(projectId, document.id, [
      makeChunk(projectId, document.id, 0, 'gamma'),
      makeChunk(projectId, document.id, 1, 'delta epsilon'),
    ]);
    expect(await generation()).toBe(first + 1);
    const statistics = await sql<{ chunk_count: number; total_length: number; postings_length: number }>`
      select s.chunk_count, s.total_length,
             (select sum(chunk_length)::int from lexical_chunk_terms where project_id = s.project_id) as postings_length
      from lexical_statistics s where project_id = ${projectId}::uuid`.execute(persistence.db);
    const [row] = statistics.rows;
    expect(Number(row?.chunk_count)).toBe(2);
    expect(Number(row?.postings_length)).toBeGreaterThan(0);
    expect(Number(row?.total_length)).toBe(Number(row?.postings_length));
  });
});

describe('PgVectorStore on PGlite', () => {
  it('keeps vectors of different dimensions apart and scores a zero vector 0', async () => {
    const store = vectorStoreWithChunkRows(persistence);
    const projectId = fixtureId();
    const documentId = fixtureId();
    await prepareVectorProject(persistence, projectId, [documentId]);
    const small = makeChunk(projectId, documentId, 0, 'four');
    const large = makeChunk(projectId, documentId, 1, 'six');
    const zero = makeChunk(projectId, documentId, 2, 'zero');
    await store.upsert(projectId, [
      { chunk: small, embedding: unitVector(4, 0) },
      { chunk: large, embedding: unitVector(6, 0) },
      { chunk: zero, embedding: [0, 0, 0, 0] },
    ]);
    const results = await store.query(projectId, { embedding: unitVector(4, 0), topK: 10 });
    expect(results.map((result) => [result.chunk.id, Math.round(result.score * 1000) / 1000])).toEqual([
      [small.id, 1],
      [zero.id, 0],
    ]);
    expect(await codeOf(store.query(projectId, { embedding: [Number.NaN, 1], topK: 1 }))).toBe(
      'invalid_input',
    );
    expect(await codeOf(store.upsert(projectId, [{ chunk: small, embedding: [] }]))).toBe('invalid_input');
    await persistence.repositories.projects.delete(projectId);
    expect(await store.listChunkIds(projectId, documentId)).toEqual([]);
  });
});

describe('PgVectorStore reads chunks from their rows', () => {
  it('keeps no copy of a chunk with its vector and leaves out a vector whose row is gone', async () => {
    const store = persistence.vectorStore!;
    const projectId = fixtureId();
    const documentId = fixtureId();
    await prepareVectorProject(persistence, projectId, [documentId]);
    const kept = makeChunk(projectId, documentId, 0, 'refunds within fourteen days');
    const gone = makeChunk(projectId, documentId, 1, 'never written as a row');
    await persistence.repositories.documents.replaceChunks(projectId, documentId, [kept]);
    await store.upsert(projectId, [
      {
        chunk: { ...kept, text: 'a different text given with the vector' },
        embedding: unitVector(4, 0, 0.1),
      },
      { chunk: gone, embedding: unitVector(4, 0) },
    ]);
    expect(await store.listChunkIds(projectId, documentId)).toEqual([kept.id, gone.id].sort());
    const hits = await store.query(projectId, { embedding: unitVector(4, 0), topK: 5 });
    expect(hits.map((hit) => hit.chunk)).toEqual([kept]);
    const columns = await sql<{ name: string }>`
      select column_name as name from information_schema.columns where table_name = 'chunk_embeddings'`.execute(
      persistence.db,
    );
    expect(columns.rows.map((row) => row.name).sort()).toEqual(
      ['chunk_id', 'dimensions', 'document_id', 'embedding', 'project_id'].sort(),
    );
  });
});
