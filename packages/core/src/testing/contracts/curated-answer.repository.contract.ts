import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CuratedAnswer } from '../../knowledge/curated-answers/curated-answer.js';
import type { CuratedAnswerRepository } from '../../ports/curated-answer.repository.port.js';
import type { TransactionalRepositories } from '../../ports/unit-of-work.port.js';
import { isStorableText } from '../../shared/stored-text.js';
import { fixtureId } from './fixtures.js';
import { makeApiKey, seedProject } from './repository-fixtures.js';

export interface CuratedAnswerSubject {
  answers: CuratedAnswerRepository;
  /** Where projects are seeded and deleted. */
  repositories: TransactionalRepositories;
}

const at = new Date('2026-02-01T00:00:00.000Z');

export function makeCuratedAnswer(projectId: string, overrides: Partial<CuratedAnswer> = {}): CuratedAnswer {
  return {
    id: fixtureId(),
    projectId,
    question: 'What are your opening hours?',
    answer: 'We are open from 9:00 to 17:00, Monday to Friday.',
    alternativeQuestions: ['When are you open?'],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** Behaviour every `CuratedAnswerRepository` must have. */
export function curatedAnswerRepositoryContract(
  name: string,
  makeSubject: () => Promise<CuratedAnswerSubject> | CuratedAnswerSubject,
  options: { numRuns?: number } = {},
): void {
  describe(`CuratedAnswerRepository contract: ${name}`, () => {
    it('stores, finds, pages, updates and deletes answers of one project only', async () => {
      const { answers, repositories } = await makeSubject();
      const [mine, theirs] = [await seedProject(repositories), await seedProject(repositories)];
      const rows = [0, 1, 2].map((index) =>
        makeCuratedAnswer(mine.id, { createdAt: new Date(at.getTime() + index * 1000) }),
      );
      await answers.createMany(rows);
      await answers.createMany([makeCuratedAnswer(theirs.id)]);
      expect(await answers.count(mine.id)).toBe(3);
      expect(await answers.findById(mine.id, rows[0]!.id)).toEqual(rows[0]);
      expect(await answers.findById(theirs.id, rows[0]!.id)).toBeNull();
      expect((await answers.all(mine.id)).map((row) => row.id)).toEqual(rows.map((row) => row.id));
      const first = await answers.list(mine.id, { limit: 2 });
      expect(first.items.map((row) => row.id)).toEqual([rows[2]!.id, rows[1]!.id]);
      const second = await answers.list(mine.id, { limit: 2, cursor: first.nextCursor });
      expect(second).toEqual({ items: [rows[0]], nextCursor: null });

      const before = await answers.revision(mine.id);
      const edited = {
        ...rows[1]!,
        answer: 'Closed on Sundays.',
        updatedAt: new Date('2026-03-01T00:00:00Z'),
      };
      expect(await answers.update(edited)).toBe(true);
      expect(await answers.update({ ...edited, projectId: theirs.id })).toBe(false);
      expect(await answers.findById(mine.id, edited.id)).toEqual(edited);
      const afterEdit = await answers.revision(mine.id);
      expect(afterEdit).not.toBe(before);
      expect(await answers.delete(theirs.id, rows[0]!.id)).toBe(false);
      expect(await answers.delete(mine.id, rows[0]!.id)).toBe(true);
      expect(await answers.delete(mine.id, rows[0]!.id)).toBe(false);
      expect(await answers.revision(mine.id)).not.toBe(afterEdit);
      expect(await answers.count(theirs.id)).toBe(1);
    });

    it('reads the curated revision with a key: the same value, and it follows every change', async () => {
      const { answers, repositories } = await makeSubject();
      const [mine, theirs] = [await seedProject(repositories), await seedProject(repositories)];
      const key = makeApiKey(mine.id);
      await repositories.apiKeys.create(key);
      const withKey = async () =>
        (await repositories.apiKeys.findByPrefixWithProject(key.prefix))?.curatedRevision;
      const empty = await withKey();
      expect(empty).toBe(await answers.revision(mine.id));
      const answer = makeCuratedAnswer(mine.id);
      await answers.createMany([answer]);
      await answers.createMany([makeCuratedAnswer(theirs.id, { question: 'Elsewhere?' })]);
      const created = await withKey();
      expect(created).toBe(await answers.revision(mine.id));
      expect(created).not.toBe(empty);
      expect(
        await answers.update({
          ...answer,
          answer: 'Closed today.',
          updatedAt: new Date('2026-03-01T00:00:00Z'),
        }),
      ).toBe(true);
      const edited = await withKey();
      expect(edited).toBe(await answers.revision(mine.id));
      expect(edited).not.toBe(created);
      expect(await answers.delete(mine.id, answer.id)).toBe(true);
      expect(await withKey()).toBe(await answers.revision(mine.id));
      expect(await withKey()).toBe(empty);
    });

    it('creates all of a batch or none of it', async () => {
      const { answers, repositories } = await makeSubject();
      const project = await seedProject(repositories);
      const existing = makeCuratedAnswer(project.id);
      await answers.createMany([existing]);
      const batch = [makeCuratedAnswer(project.id), { ...existing, question: 'Again?' }];
      await expect(answers.createMany(batch)).rejects.toMatchObject({ code: 'conflict' });
      await expect(answers.createMany([makeCuratedAnswer(fixtureId())])).rejects.toMatchObject({
        code: 'project_not_found',
      });
      expect(await answers.all(project.id)).toEqual([existing]);
    });

    it('keeps any storable text and list of alternatives exactly', async () => {
      const { answers, repositories } = await makeSubject();
      const project = await seedProject(repositories);
      const text = fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).filter(isStorableText);
      await fc.assert(
        fc.asyncProperty(
          text,
          text,
          fc.array(text, { maxLength: 4 }),
          async (question, answer, alternatives) => {
            const row = makeCuratedAnswer(project.id, {
              question,
              answer,
              alternativeQuestions: alternatives,
            });
            await answers.createMany([row]);
            expect(await answers.findById(project.id, row.id)).toEqual(row);
          },
        ),
        { numRuns: options.numRuns ?? 30 },
      );
    });

    it('removes the answers with their project', async () => {
      const { answers, repositories } = await makeSubject();
      const project = await seedProject(repositories);
      const row = makeCuratedAnswer(project.id);
      await answers.createMany([row]);
      await repositories.projects.delete(project.id);
      expect(await answers.count(project.id)).toBe(0);
      expect(await answers.findById(project.id, row.id)).toBeNull();
    });
  });
}
