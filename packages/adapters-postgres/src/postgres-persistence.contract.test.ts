import {
  curatedAnswerRepositoryContract,
  repositoryContracts,
  vectorStoreContract,
} from '@chatbuddy/core/testing';
import { afterAll, beforeAll, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from './postgres-persistence.js';
import { prepareVectorProject, repositorySubject } from './testing/persistence-subject.js';

vi.setConfig({ testTimeout: 30_000 });

let persistence: PostgresPersistence;

beforeAll(async () => {
  persistence = await createPostgresPersistence({ dataDir: 'memory' });
  await persistence.migrate();
}, 180_000);

afterAll(async () => {
  await persistence?.close();
});

repositoryContracts('PGlite', () => repositorySubject(persistence), { parallelism: 20, numRuns: 20 });
curatedAnswerRepositoryContract(
  'PGlite',
  () => ({ answers: persistence.repositories.curatedAnswers, repositories: persistence.repositories }),
  { numRuns: 20 },
);

vectorStoreContract('PgVectorStore on PGlite', {
  makeSubject: () => persistence.vectorStore!,
  prepareProject: (projectId, documentIds) => prepareVectorProject(persistence, projectId, documentIds),
  dimensions: 8,
  numRuns: 15,
});
