import { makeUser, type RepositorySubject } from '@chatbuddy/core/testing';
import { makeDocument, makeProject } from '@chatbuddy/core/testing';
import type { PostgresPersistence } from '../postgres-persistence.js';

/** The contract suites' view of a persistence. */
export function repositorySubject(persistence: PostgresPersistence): RepositorySubject {
  return {
    repositories: persistence.repositories,
    idempotency: persistence.repositories.idempotency,
    unitOfWork: persistence.unitOfWork,
    lexicalIndex: persistence.lexicalIndex,
  };
}

/** Creates the rows vectors point at (project and documents with the given ids). */
export async function prepareVectorProject(
  persistence: PostgresPersistence,
  projectId: string,
  documentIds: string[],
): Promise<void> {
  const { users, projects, documents } = persistence.repositories;
  const owner = await users.create(makeUser());
  await projects.create(makeProject(owner.id, { id: projectId }));
  for (const id of documentIds) await documents.create(makeDocument(projectId, { id }));
}
