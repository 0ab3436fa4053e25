import {
  curatedAnswerRepositoryContract,
  fixtureInstant as at,
  makeProject,
  makeUsageEvent,
  makeUser,
  repositoryContracts,
  seedProject,
} from '@chatbuddy/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresPersistence,
  type MigrationReport,
  type PostgresPersistence,
} from './postgres-persistence.js';
import { prepareVectorProject, repositorySubject } from './testing/persistence-subject.js';
import { createTestDatabase, type TestDatabase } from './testing/test-database.js';

const serverUrl = process.env.DB_URL;

describe.skipIf(!serverUrl)('PostgreSQL server (DB_URL)', () => {
  let database: TestDatabase;
  let persistence: PostgresPersistence;
  let firstMigration: MigrationReport;

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl!);
    persistence = await createPostgresPersistence({ url: database.url, poolSize: 20 });
    firstMigration = await persistence.migrate();
  });

  afterAll(async () => {
    await persistence?.close();
    await database?.drop();
  });

  it('migrates an empty database; a second run applies nothing', async () => {
    expect(firstMigration.applied.length).toBeGreaterThanOrEqual(5);
    expect(await persistence.migrate()).toEqual({ applied: [] });
    await persistence.readinessProbe.check();
  });

  it('offers the pgvector store exactly when the server has the extension', async () => {
    const result = await sql<{ available: boolean }>`
      select exists (select 1 from pg_available_extensions where name = 'vector') as available`.execute(
      persistence.db,
    );
    expect(persistence.vectorStore !== null).toBe(result.rows[0]!.available);
    if (persistence.vectorStore) {
      const projectId = makeProject('x').id;
      await prepareVectorProject(persistence, projectId, []);
      await persistence.vectorStore.ping();
    }
  });

  it('loses no update under 200 parallel increments and reservations across the pool', async () => {
    const project = await seedProject(persistence.repositories, { tokenLimit: 1_000 });
    const { projects, usage } = persistence.repositories;
    const charge = (tokens: number, reservedTokens: number) =>
      usage.record(makeUsageEvent(project.id, { totalTokens: tokens }), { reservedTokens });
    await Promise.all(Array.from({ length: 200 }, () => charge(1, 0)));
    const granted = await Promise.all(
      Array.from({ length: 200 }, () => projects.reserveTokens(project.id, 10, at)),
    );
    expect(granted.filter(Boolean)).toHaveLength(80); // (1000 − 200) / 10
    expect(await projects.findById(project.id)).toMatchObject({ tokensUsed: 200, tokensReserved: 800 });
    await Promise.all(Array.from({ length: 80 }, () => charge(5, 10)));
    expect(await projects.findById(project.id)).toMatchObject({ tokensUsed: 600, tokensReserved: 0 });
  });

  it('translates a missing owner into user_not_found', async () => {
    const error = await persistence.repositories.projects
      .create(makeProject(makeUser().id))
      .catch((failure: { code?: string }) => failure.code);
    expect(error).toBe('user_not_found');
  });

  repositoryContracts('PostgreSQL', () => repositorySubject(persistence), { parallelism: 100, numRuns: 25 });
  curatedAnswerRepositoryContract(
    'PostgreSQL',
    () => ({ answers: persistence.repositories.curatedAnswers, repositories: persistence.repositories }),
    { numRuns: 25 },
  );
});
