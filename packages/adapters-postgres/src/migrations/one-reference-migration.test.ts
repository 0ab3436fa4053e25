import { fixtureId, makeChunk, makeDocument, seedProject, unitVector } from '@chatbuddy/core/testing';
import { type Chunk, isDomainError } from '@chatbuddy/core';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect } from 'vitest';
import type { PostgresPersistence } from '../postgres-persistence.js';
import { itOnEachDatabase } from '../testing/on-each-database.js';
import { migrationProvider } from './index.js';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (isDomainError(error) ? error.code : `raw: ${String(error)}`),
  );

const count = async (persistence: PostgresPersistence, table: 'document_chunks' | 'chunk_embeddings') =>
  Number(
    (
      await persistence.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
    )?.n,
  );

/** A vector as written before 2026-12-03T1200: with a copy of its chunk. */
async function insertVectorWithCopy(persistence: PostgresPersistence, chunk: Chunk): Promise<void> {
  await sql`
    insert into chunk_embeddings (chunk_id, project_id, document_id, dimensions, embedding, chunk)
    values (${chunk.id}::uuid, ${chunk.projectId}::uuid, ${chunk.documentId}::uuid, 4, '[0,1,0,0]'::vector,
      ${JSON.stringify(chunk)}::jsonb)`.execute(persistence.db);
}

/**
 * Rows written before 2026-12-02T1000 keep their place; afterwards a chunk row or a vector must
 * point at a document of its own project, and deleting the project still removes them.
 */
async function rereferences(persistence: PostgresPersistence): Promise<void> {
  const migrator = new Migrator({ db: persistence.db, provider: migrationProvider });
  const { error } = await migrator.migrateTo('2026-12-01T2100-chunk-term-rows');
  if (error) throw error;
  const { repositories } = persistence;
  const project = await seedProject(repositories);
  const other = await seedProject(repositories);
  const document = await repositories.documents.create(makeDocument(project.id));
  const foreign = await repositories.documents.create(makeDocument(other.id));
  await repositories.documents.replaceChunks(project.id, document.id, [
    makeChunk(project.id, document.id, 0, 'refunds within fourteen days'),
  ]);
  if (persistence.vectorStore) await insertVectorWithCopy(persistence, makeChunk(project.id, document.id, 1));

  await persistence.migrate();
  expect(await count(persistence, 'document_chunks')).toBe(1);
  if (persistence.vectorStore) {
    expect(await count(persistence, 'chunk_embeddings')).toBe(1);
    // A vector of this project's upload that names another project's document is refused.
    expect(
      await codeOf(
        persistence.vectorStore.upsert(project.id, [
          { chunk: makeChunk(project.id, foreign.id, 2), embedding: unitVector(4, 2) },
        ]),
      ),
    ).toBe('document_not_found');
    expect(
      await codeOf(
        persistence.vectorStore.upsert(project.id, [
          { chunk: makeChunk(project.id, fixtureId(), 3), embedding: unitVector(4, 3) },
        ]),
      ),
    ).toBe('document_not_found');
  }
  const mismatched = sql`
    insert into document_chunks (id, project_id, document_id, position, text, heading_path, token_count, char_start, char_end, metadata)
    values (${fixtureId()}::uuid, ${project.id}::uuid, ${foreign.id}::uuid, 0, 'x', '[]', 1, 0, 1, '{}')`;
  expect(await codeOf(mismatched.execute(persistence.db))).toBe('document_not_found');
  expect(await count(persistence, 'document_chunks')).toBe(1);

  await repositories.projects.delete(project.id);
  expect(await count(persistence, 'document_chunks')).toBe(0);
  if (persistence.vectorStore) expect(await count(persistence, 'chunk_embeddings')).toBe(0);
}

describe('migration 2026-12-02T1000 on existing chunk rows', () => {
  itOnEachDatabase('keeps them and enforces one reference', rereferences);
});

/**
 * Vectors written with a copy of their chunk keep working after 2026-12-03T1200: a query reads
 * the chunk from its row (as changed since), and a vector whose row is gone is not returned.
 */
async function dropsChunkCopies(persistence: PostgresPersistence): Promise<void> {
  if (!persistence.vectorStore) return;
  const migrator = new Migrator({ db: persistence.db, provider: migrationProvider });
  const { error } = await migrator.migrateTo('2026-12-02T1000-one-reference-per-chunk-row');
  if (error) throw error;
  const { repositories } = persistence;
  const project = await seedProject(repositories);
  const document = await repositories.documents.create(makeDocument(project.id));
  const kept = makeChunk(project.id, document.id, 0, 'refunds within fourteen days');
  await repositories.documents.replaceChunks(project.id, document.id, [kept]);
  await insertVectorWithCopy(persistence, { ...kept, text: 'the copy, out of date' });
  await insertVectorWithCopy(persistence, makeChunk(project.id, document.id, 1, 'a chunk without a row'));

  await persistence.migrate();
  const columns = await sql<{ name: string }>`
    select column_name as name from information_schema.columns where table_name = 'chunk_embeddings'`.execute(
    persistence.db,
  );
  expect(columns.rows.map((row) => row.name)).not.toContain('chunk');
  expect(await count(persistence, 'chunk_embeddings')).toBe(2);
  const hits = await persistence.vectorStore.query(project.id, { embedding: unitVector(4, 1), topK: 5 });
  expect(hits.map((hit) => hit.chunk)).toEqual([kept]);
}

describe('migration 2026-12-03T1200 on vectors with chunk copies', () => {
  itOnEachDatabase('drops the copies and reads chunks from their rows', dropsChunkCopies);
});
