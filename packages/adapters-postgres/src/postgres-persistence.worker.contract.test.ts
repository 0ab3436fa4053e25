import {
  curatedAnswerRepositoryContract,
  repositoryContracts,
  vectorStoreContract,
} from '@chatbuddy/core/testing';
import { vi } from 'vitest';
import { useMigratedPglite } from './testing/migrated-database.js';
import { prepareVectorProject, repositorySubject } from './testing/persistence-subject.js';

vi.setConfig({ testTimeout: 30_000 });

/** The same contracts as on PGlite in this thread, with PGlite in a worker thread (decision 0029). */
const database = useMigratedPglite({ thread: 'worker' });

repositoryContracts('PGlite in a worker thread', () => repositorySubject(database.persistence), {
  parallelism: 20,
  numRuns: 20,
});
curatedAnswerRepositoryContract(
  'PGlite in a worker thread',
  () => ({
    answers: database.persistence.repositories.curatedAnswers,
    repositories: database.persistence.repositories,
  }),
  { numRuns: 20 },
);

vectorStoreContract('PgVectorStore on PGlite in a worker thread', {
  makeSubject: () => database.persistence.vectorStore!,
  prepareProject: (projectId, documentIds) =>
    prepareVectorProject(database.persistence, projectId, documentIds),
  dimensions: 8,
  numRuns: 15,
  unitOfWork: () => database.persistence.unitOfWork,
});
