import {
  curatedAnswerRepositoryContract,
  repositoryContracts,
  vectorStoreContract,
} from '@chatbuddy/core/testing';
import type { MigratedDatabase } from './migrated-database.js';
import { prepareVectorProject, repositorySubject, vectorStoreWithChunkRows } from './persistence-subject.js';

/**
 * The repository, curated-answer and vector-store contracts on a migrated PGlite database, in
 * whichever thread it runs (`useMigratedPglite`).
 */
export function pgliteContracts(label: string, database: MigratedDatabase): void {
  repositoryContracts(label, () => repositorySubject(database.persistence), {
    parallelism: 20,
    numRuns: 20,
  });
  curatedAnswerRepositoryContract(
    label,
    () => ({
      answers: database.persistence.repositories.curatedAnswers,
      repositories: database.persistence.repositories,
    }),
    { numRuns: 20 },
  );
  vectorStoreContract(`PgVectorStore on ${label}`, {
    makeSubject: () => vectorStoreWithChunkRows(database.persistence),
    prepareProject: (projectId, documentIds) =>
      prepareVectorProject(database.persistence, projectId, documentIds),
    dimensions: 8,
    numRuns: 15,
    unitOfWork: () => database.persistence.unitOfWork,
  });
}
