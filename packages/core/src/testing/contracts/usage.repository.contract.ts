import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fixtureInstant,
  makeUsageEvent,
  type MakeRepositorySubject,
  seedProject,
} from './repository-fixtures.js';

const at = fixtureInstant;

/** Behaviour every `UsageRepository` must have. */
export function usageRepositoryContract(
  name: string,
  makeSubject: MakeRepositorySubject,
  options: { parallelism?: number; numRuns?: number } = {},
): void {
  const parallelism = options.parallelism ?? 50;
  describe(`UsageRepository contract: ${name}`, () => {
    it('charges an event’s tokens and settles its reservation in the same step as it logs it', async () => {
      const { repositories } = await makeSubject();
      const project = await seedProject(repositories, { tokenLimit: 100 });
      expect(await repositories.projects.reserveTokens(project.id, 60, at)).toBe(true);
      await repositories.usage.record(makeUsageEvent(project.id, { totalTokens: 15 }), {
        reservedTokens: 60,
      });
      expect(await repositories.projects.findById(project.id)).toMatchObject({
        tokensUsed: 15,
        tokensReserved: 0,
      });
      await Promise.all(
        Array.from({ length: parallelism }, () =>
          repositories.usage.record(makeUsageEvent(project.id, { totalTokens: 3 })),
        ),
      );
      expect((await repositories.projects.findById(project.id))?.tokensUsed).toBe(15 + 3 * parallelism);
    });

    it('keeps tokensUsed equal to the logged tokens, per project, through commits and rollbacks', async () => {
      const { repositories, unitOfWork } = await makeSubject();
      const projects = [await seedProject(repositories), await seedProject(repositories)];
      const step = fc.record({
        project: fc.nat(1),
        tokens: fc.nat(5_000),
        how: fc.constantFrom('direct', 'committed', 'rolled back'),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 8 }), async (steps) => {
          for (const { project, tokens, how } of steps) {
            const event = makeUsageEvent(projects[project]!.id, { totalTokens: tokens });
            if (how === 'direct') await repositories.usage.record(event);
            else
              await unitOfWork
                .run(async (transaction) => {
                  await transaction.usage.record(event);
                  if (how === 'rolled back') throw new Error('store failed');
                })
                .catch(() => undefined);
          }
          for (const project of projects) {
            const logged = await repositories.usage.summary(project.id, new Date(0));
            const stored = await repositories.projects.findById(project.id);
            expect(stored?.tokensUsed).toBe(logged.totals.totalTokens);
          }
        }),
        { numRuns: options.numRuns ?? 50 },
      );
    });

    it('summarises totals, per endpoint and per UTC day since an instant; lists recent events', async () => {
      const { repositories } = await makeSubject();
      const project = await seedProject(repositories);
      const events = [
        makeUsageEvent(project.id, { createdAt: new Date('2026-03-01T23:59:00.000Z') }),
        makeUsageEvent(project.id, {
          createdAt: new Date('2026-03-02T00:01:00.000Z'),
          endpoint: '/assistant/chat',
        }),
        makeUsageEvent(project.id, {
          createdAt: new Date('2026-03-02T10:00:00.000Z'),
          promptTokens: 1,
          completionTokens: 1,
          totalTokens: 2,
        }),
        makeUsageEvent(project.id, { createdAt: new Date('2026-02-01T00:00:00.000Z') }),
      ];
      for (const event of events) await repositories.usage.record(event);
      const summary = await repositories.usage.summary(project.id, new Date('2026-03-01T00:00:00.000Z'));
      expect(summary.totals).toEqual({ calls: 3, promptTokens: 21, completionTokens: 11, totalTokens: 32 });
      expect(summary.byEndpoint).toEqual([
        { endpoint: '/assistant/chat', calls: 1, promptTokens: 10, completionTokens: 5, totalTokens: 15 },
        { endpoint: '/chat', calls: 2, promptTokens: 11, completionTokens: 6, totalTokens: 17 },
      ]);
      expect(summary.daily).toEqual([
        { day: '2026-03-01', calls: 1, promptTokens: 10, completionTokens: 5, totalTokens: 15 },
        { day: '2026-03-02', calls: 2, promptTokens: 11, completionTokens: 6, totalTokens: 17 },
      ]);
      expect(await repositories.usage.recent(project.id, 2)).toEqual([events[2], events[1]]);
    });

    it('summarises a project without events as zeros', async () => {
      const { repositories } = await makeSubject();
      const project = await seedProject(repositories);
      expect(await repositories.usage.summary(project.id, new Date(0))).toEqual({
        totals: { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 },
        byEndpoint: [],
        daily: [],
      });
    });
  });
}
