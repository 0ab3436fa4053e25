import { describe, expect, it } from 'vitest';
import { makeChunk } from './fixtures.js';
import {
  makeDocument,
  makeProject,
  type MakeRepositorySubject,
  makeUsageEvent,
} from './repository-fixtures.js';
import { makeUser } from './user.repository.contract.js';

/** Behaviour every `UnitOfWork` must have. */
export function unitOfWorkContract(name: string, makeSubject: MakeRepositorySubject): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    it('commits everything the work wrote when it resolves, and returns its result', async () => {
      const { repositories, unitOfWork } = await makeSubject();
      const user = makeUser();
      const project = makeProject(user.id);
      const result = await unitOfWork.run(async (transaction) => {
        await transaction.users.create(user);
        await transaction.projects.create(project);
        const document = await transaction.documents.create(makeDocument(project.id));
        await transaction.documents.replaceChunks(project.id, document.id, [
          makeChunk(project.id, document.id, 0),
        ]);
        return document.id;
      });
      expect(await repositories.users.findById(user.id)).toEqual(user);
      expect(await repositories.documents.findById(project.id, result)).not.toBeNull();
      expect(await repositories.documents.countChunks(project.id)).toBe(1);
    });

    it('rolls back everything and rethrows the same error when the work throws', async () => {
      const { repositories, unitOfWork } = await makeSubject();
      const user = makeUser();
      const project = makeProject(user.id);
      const failure = new Error('boom');
      const outcome = await unitOfWork
        .run(async (transaction) => {
          await transaction.users.create(user);
          await transaction.projects.create(project);
          await transaction.usage.record(makeUsageEvent(project.id, { totalTokens: 5 }));
          throw failure;
        })
        .catch((error: unknown) => error);
      expect(outcome).toBe(failure);
      expect(await repositories.users.findById(user.id)).toBeNull();
      expect(await repositories.projects.findById(project.id)).toBeNull();
    });

    it('rolls back when a repository refuses a write inside the work', async () => {
      const { repositories, unitOfWork } = await makeSubject();
      const existing = await repositories.users.create(makeUser());
      const fresh = makeUser();
      const outcome = await unitOfWork
        .run(async (transaction) => {
          await transaction.users.create(fresh);
          await transaction.users.create(makeUser({ email: existing.email }));
        })
        .catch((error: { code?: string }) => error.code);
      expect(outcome).toBe('email_already_exists');
      expect(await repositories.users.findById(fresh.id)).toBeNull();
    });
  });
}
