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
import { describe, expect, it } from 'vitest';
import { prepareVectorProject, repositorySubject } from './testing/persistence-subject.js';
import { useMigratedDatabase } from './testing/migrated-database.js';

const serverUrl = process.env.DB_URL;

describe.skipIf(!serverUrl)('PostgreSQL server (DB_URL)', () => {
  const database = useMigratedDatabase(serverUrl!, { poolSize: 20 });

  it('migrates an empty database; a second run applies nothing', async () => {
    expect(database.firstMigration.applied.length).toBeGreaterThanOrEqual(5);
    expect(await database.persistence.migrate()).toEqual({ applied: [] });
    await database.persistence.readinessProbe.check();
  });

  it('offers the pgvector store exactly when the server has the extension', async () => {
    const result = await sql<{ available: boolean }>`
      select exists (select 1 from pg_available_extensions where name = 'vector') as available`.execute(
      database.persistence.db,
    );
    expect(database.persistence.vectorStore !== null).toBe(result.rows[0]!.available);
    if (database.persistence.vectorStore) {
      const projectId = makeProject('x').id;
      await prepareVectorProject(database.persistence, projectId, []);
      await database.persistence.vectorStore.ping();
    }
  });

  it('loses no update under 200 parallel increments and reservations across the pool', async () => {
    const project = await seedProject(database.persistence.repositories, { tokenLimit: 1_000 });
    const { projects, usage } = database.persistence.repositories;
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
    const error = await database.persistence.repositories.projects
      .create(makeProject(makeUser().id))
      .catch((failure: { code?: string }) => failure.code);
    expect(error).toBe('user_not_found');
  });

  repositoryContracts('PostgreSQL', () => repositorySubject(database.persistence), {
    parallelism: 100,
    numRuns: 25,
  });
  curatedAnswerRepositoryContract(
    'PostgreSQL',
    () => ({
      answers: database.persistence.repositories.curatedAnswers,
      repositories: database.persistence.repositories,
    }),
    { numRuns: 25 },
  );
});
