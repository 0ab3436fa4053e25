import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthStart } from '../../projects/token-budget.js';
import { makeUsageEvent, type MakeRepositorySubject, seedProject } from './repository-fixtures.js';

const utc = (text: string) => new Date(`${text}Z`);

/** Monthly and lifetime token budgets across a UTC month boundary (ProjectRepository + UsageRepository). */
export function tokenBudgetContract(name: string, makeSubject: MakeRepositorySubject, numRuns = 30): void {
  describe(`token budget period contract: ${name}`, () => {
    it('counts a month’s tokens for a monthly limit, starts afresh the next month, and keeps late events out', async () => {
      const { repositories } = await makeSubject();
      const { projects, usage } = repositories;
      const project = await seedProject(repositories, { tokenLimit: 100 });
      expect(project.tokenLimitPeriod).toBe('month');
      const march = utc('2026-03-31T23:00:00');
      const april = utc('2026-04-01T00:00:01');
      await usage.record(
        makeUsageEvent(project.id, { totalTokens: 90, createdAt: utc('2026-03-31T22:00:00') }),
      );
      expect(await projects.findById(project.id)).toMatchObject({
        tokensUsed: 90,
        periodStart: utc('2026-03-01T00:00:00'),
        periodTokensUsed: 90,
      });
      expect(await projects.reserveTokens(project.id, 20, march)).toBe(true);
      expect(await projects.reserveTokens(project.id, 1, march)).toBe(false);
      await projects.releaseTokens(project.id, 20);
      expect(await projects.reserveTokens(project.id, 99, april)).toBe(true);
      await projects.releaseTokens(project.id, 99);

      await usage.record(makeUsageEvent(project.id, { totalTokens: 5, createdAt: april }));
      await usage.record(
        makeUsageEvent(project.id, { totalTokens: 3, createdAt: utc('2026-03-31T23:59:59') }),
      );
      expect(await projects.findById(project.id)).toMatchObject({
        tokensUsed: 98,
        periodStart: utc('2026-04-01T00:00:00'),
        periodTokensUsed: 5,
      });
      expect(await projects.reserveTokens(project.id, 95, april)).toBe(true);
      expect(await projects.reserveTokens(project.id, 1, april)).toBe(false);
      await projects.releaseTokens(project.id, 95);

      await projects.update(project.id, { tokenLimitPeriod: 'lifetime' }, april);
      expect(await projects.reserveTokens(project.id, 50, april)).toBe(true); // 98 < 100
      expect(await projects.reserveTokens(project.id, 1, utc('2026-05-01T00:00:00'))).toBe(false);
    });

    it('keeps the month counter equal to the logged tokens of its month, whatever the order of events', async () => {
      const { repositories } = await makeSubject();
      const months = ['2026-01', '2026-02', '2026-03'];
      const event = fc.record({
        month: fc.nat(2),
        day: fc.integer({ min: 1, max: 28 }),
        tokens: fc.nat(1_000),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 8 }), async (events) => {
          const project = await seedProject(repositories);
          const logged = events.map(({ month, day, tokens }) =>
            makeUsageEvent(project.id, {
              totalTokens: tokens,
              createdAt: utc(`${months[month]}-${String(day).padStart(2, '0')}T12:00:00`),
            }),
          );
          for (const entry of logged) await repositories.usage.record(entry);
          const stored = (await repositories.projects.findById(project.id))!;
          const latest = new Date(Math.max(...logged.map((entry) => entry.createdAt.getTime())));
          expect(stored.periodStart).toEqual(monthStart(latest));
          const inMonth = logged.filter(
            (entry) => monthStart(entry.createdAt).getTime() === monthStart(latest).getTime(),
          );
          expect(stored.periodTokensUsed).toBe(inMonth.reduce((sum, entry) => sum + entry.totalTokens, 0));
          expect(stored.tokensUsed).toBe(logged.reduce((sum, entry) => sum + entry.totalTokens, 0));
        }),
        { numRuns },
      );
    });
  });
}
