import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lead } from '../../assistant/lead.js';
import type { LeadFilter } from '../../ports/lead-directory.port.js';
import { type MakeLeadDirectorySubject, makeDirectoryLead } from './lead-directory.fixtures.js';
import { leadErasureContract } from './lead-erasure.contract.js';
import { failureCode, seedProject } from './repository-fixtures.js';

/** Characters that stress LIKE patterns and ASCII case folding (other letters match as written). */
const nameCharacter = fc.constantFrom('a', 'A', 'B', 'b', 'é', '%', '_', '\\', ' ', '*', "'", 'z');
const text = fc.string({ unit: nameCharacter, minLength: 1, maxLength: 8 });

function expected(leads: Lead[], filter: LeadFilter): string[] {
  const needle = filter.search?.toLowerCase();
  return leads
    .filter((lead) => filter.verified === undefined || (lead.verifiedAt !== null) === filter.verified)
    .filter(
      (lead) =>
        !needle || lead.name.toLowerCase().includes(needle) || lead.email.toLowerCase().includes(needle),
    )
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
    .map((lead) => lead.id);
}

/** Behaviour every `LeadDirectory` (and `WebhookDeliveryRepository`) must have. */
export function leadDirectoryContract(
  name: string,
  makeSubject: MakeLeadDirectorySubject,
  options: { numRuns?: number } = {},
): void {
  describe(`LeadDirectory contract: ${name}`, () => {
    it('lists newest first, each lead once across pages, filtered by verification; counts agree', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ day: fc.nat(3), verified: fc.boolean() }), { maxLength: 12 }),
          fc.integer({ min: 1, max: 5 }),
          fc.constantFrom<LeadFilter>({}, { verified: true }, { verified: false }),
          async (shapes, limit, filter) => {
            const { repositories, directory, seed } = await makeSubject();
            const project = await seedProject(repositories);
            const leads = shapes.map(({ day, verified }) =>
              makeDirectoryLead(project.id, {
                createdAt: new Date(Date.UTC(2026, 0, 1 + day)),
                verifiedAt: verified ? new Date(Date.UTC(2026, 0, 9)) : null,
              }),
            );
            for (const lead of leads) await seed.lead(lead);
            const seen: string[] = [];
            let cursor: string | null = null;
            do {
              const page = await directory.list(project.id, filter, { limit, cursor });
              expect(page.items.length).toBeLessThanOrEqual(limit);
              seen.push(...page.items.map((lead) => lead.id));
              cursor = page.nextCursor;
            } while (cursor);
            expect(seen).toEqual(expected(leads, filter));
            expect(await directory.count(project.id, filter)).toBe(seen.length);
          },
        ),
        { numRuns: options.numRuns ?? 25 },
      );
    });

    it('searches names and emails case-insensitively, with LIKE wildcards taken literally', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ name: text, local: text }), { minLength: 1, maxLength: 8 }),
          text,
          async (people, needle) => {
            const { repositories, directory, seed } = await makeSubject();
            const project = await seedProject(repositories);
            const leads = people.map(({ name, local }, index) =>
              makeDirectoryLead(project.id, { name, email: `${local}${index}@example.com` }),
            );
            for (const lead of leads) await seed.lead(lead);
            const filter = { search: needle };
            const page = await directory.list(project.id, filter, { limit: 100 });
            expect(page.items.map((lead) => lead.id)).toEqual(expected(leads, filter));
          },
        ),
        { numRuns: options.numRuns ?? 25 },
      );
    });

    it('never shows another project’s leads', async () => {
      const { repositories, directory, seed } = await makeSubject();
      const mine = await seedProject(repositories);
      const theirs = await seedProject(repositories);
      const lead = makeDirectoryLead(theirs.id, { name: 'Foreign Lead' });
      await seed.lead(lead);
      expect((await directory.list(mine.id, {}, { limit: 10 })).items).toEqual([]);
      expect(await directory.count(mine.id, { search: 'Foreign' })).toBe(0);
      expect(await directory.findById(mine.id, lead.id)).toBeNull();
      expect(await directory.erase(mine.id, lead.id)).toBe(false);
      expect(await directory.findById(theirs.id, lead.id)).toEqual(lead);
    });

    it('refuses a forged cursor as invalid input', async () => {
      const { repositories, directory } = await makeSubject();
      const project = await seedProject(repositories);
      expect(await failureCode(directory.list(project.id, {}, { limit: 5, cursor: 'not-a-cursor' }))).toBe(
        'invalid_input',
      );
    });
  });
  leadErasureContract(name, makeSubject);
}
