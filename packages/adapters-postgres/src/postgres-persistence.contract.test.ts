import {
  curatedAnswerRepositoryContract,
  repositoryContracts,
  vectorStoreContract,
} from '@chatbuddy/core/testing';
import { vi } from 'vitest';
import { useMigratedPglite } from './testing/migrated-database.js';
import { prepareVectorProject, repositorySubject } from './testing/persistence-subject.js';

vi.setConfig({ testTimeout: 30_000 });

const database = useMigratedPglite();

repositoryContracts('PGlite', () => repositorySubject(database.persistence), {
  parallelism: 20,
  numRuns: 20,
});
curatedAnswerRepositoryContract(
  'PGlite',
  () => ({
    answers: database.persistence.repositories.curatedAnswers,
    repositories: database.persistence.repositories,
  }),
  { numRuns: 20 },
);

vectorStoreContract('PgVectorStore on PGlite', {
  makeSubject: () => database.persistence.vectorStore!,
  prepareProject: (projectId, documentIds) =>
    prepareVectorProject(database.persistence, projectId, documentIds),
  dimensions: 8,
  numRuns: 15,
});
