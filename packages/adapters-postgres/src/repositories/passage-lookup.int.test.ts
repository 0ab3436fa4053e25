import { makeDocument, seedProject } from '@chatbuddy/core/testing';
import { CompiledQuery, type KyselyPlugin, type QueryId, type RootOperationNode, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';
import { createTestDatabase } from '../testing/test-database.js';
import { KyselyDocumentRepository } from './kysely-document-repository.js';

/** Records the statements a repository runs, to EXPLAIN them afterwards. */
function recorder() {
  const statements: Array<{ node: RootOperationNode; queryId: QueryId }> = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      statements.push(args);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { statements, plugin };
}

/**
 * A chat reads its few passages by primary key. The project check must not become a scan of the
 * project's whole chunk index: with statistics older than the corpus (PGlite has no autovacuum),
 * the planner combined the key lookups with that scan, and each chat paid for every chunk of the
 * project.
 */
async function readsPassagesByKey(persistence: PostgresPersistence): Promise<void> {
  const { repositories, db } = persistence;
  const project = await seedProject(repositories);
  const other = await seedProject(repositories);
  const document = await repositories.documents.create(makeDocument(project.id));
  const foreign = await repositories.documents.create(makeDocument(other.id));
  const insertChunks = (projectId: string, documentId: string, count: number) =>
    sql`
      insert into document_chunks (id, project_id, document_id, position, text, heading_path,
        token_count, char_start, char_end, metadata)
      select gen_random_uuid(), ${projectId}::uuid, ${documentId}::uuid, g, 'chunk ' || g, '[]', 2, 0, 8, '{}'
      from generate_series(1, ${count}::int) g`.execute(db);
  await insertChunks(project.id, document.id, 3_000);
  await insertChunks(other.id, foreign.id, 10);
  const ids = await sql<{ id: string; project_id: string }>`
    (select id, project_id from document_chunks where project_id = ${project.id}::uuid order by position limit 4)
    union all
    (select id, project_id from document_chunks where project_id = ${other.id}::uuid limit 1)`.execute(db);

  const { statements, plugin } = recorder();
  const passages = await new KyselyDocumentRepository(db.withPlugin(plugin)).findPassages(
    project.id,
    ids.rows.map((row) => row.id),
  );
  // The other project's chunk is not returned; the project's four are, with their title.
  expect(passages.map((passage) => passage.chunk.id).sort()).toEqual(
    ids.rows
      .filter((row) => row.project_id === project.id)
      .map((row) => row.id)
      .sort(),
  );
  expect(passages.every((passage) => passage.title === 'Refund policy')).toBe(true);

  expect(statements).toHaveLength(1);
  const { node, queryId } = statements[0]!;
  const compiled = db.getExecutor().compileQuery(node, queryId);
  const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
  );
  const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  expect(text).toContain('document_chunks_pkey');
  expect(text).not.toContain('document_chunks_project_idx');
}

describe('passages of a chat', () => {
  it('are read by primary key on PGlite, whatever the statistics', async () => {
    const persistence = await createPostgresPersistence({ dataDir: 'memory' });
    try {
      await persistence.migrate();
      await readsPassagesByKey(persistence);
    } finally {
      await persistence.close();
    }
  });

  it.skipIf(!process.env.DB_URL)('are read by primary key on a PostgreSQL server (DB_URL)', async () => {
    const database = await createTestDatabase(process.env.DB_URL!);
    const persistence = await createPostgresPersistence({ url: database.url });
    try {
      await persistence.migrate();
      await readsPassagesByKey(persistence);
    } finally {
      await persistence.close();
      await database.drop();
    }
  });
});
