import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../shared/common.js';
import { fixtureId } from './fixtures.js';
import {
  fixtureInstant,
  failureCode,
  makeApiKey,
  makeProject,
  type MakeRepositorySubject,
  makeUsageEvent,
  seedProject,
} from './repository-fixtures.js';
import { makeUser } from './user.repository.contract.js';

const at = fixtureInstant;

/** Behaviour every `ProjectRepository` and `ApiKeyRepository` must have. */
export function projectRepositoryContract(
  name: string,
  makeSubject: MakeRepositorySubject,
  options: { parallelism?: number; numRuns?: number } = {},
): void {
  const parallelism = options.parallelism ?? 50;

  describe(`ProjectRepository contract: ${name}`, () => {
    it('round-trips, updates only patched fields, lists per owner newest first', async () => {
      const { repositories } = await makeSubject();
      const owner = await repositories.users.create(makeUser());
      const projects = [0, 1, 2].map((index) =>
        makeProject(owner.id, { createdAt: new Date(Date.UTC(2026, 1, 1 + index)), tokenLimit: 1000 }),
      );
      for (const project of projects) await repositories.projects.create(project);
      expect(await repositories.projects.findById(projects[0]!.id)).toEqual(projects[0]);
      expect(await repositories.projects.findById(fixtureId())).toBeNull();
      const at = new Date('2026-03-01T00:00:00.000Z');
      const patch = {
        name: 'Renamed ✓',
        allowedOrigins: ['https://acme.example'],
        assistant: { leadCapture: true },
      };
      const updated = await repositories.projects.update(projects[0]!.id, patch, at);
      expect(updated).toEqual({ ...projects[0], ...patch, updatedAt: at });
      expect(await repositories.projects.update(fixtureId(), { name: 'x' }, at)).toBeNull();
      const first = await repositories.projects.list({ ownerId: owner.id }, { limit: 2 });
      expect(first.items.map((project) => project.id)).toEqual([projects[2]!.id, projects[1]!.id]);
      const second = await repositories.projects.list(
        { ownerId: owner.id },
        { limit: 2, cursor: first.nextCursor },
      );
      expect(second.items.map((project) => project.id)).toEqual([projects[0]!.id]);
      expect(second.nextCursor).toBeNull();
      expect(await failureCode(repositories.projects.list({}, { limit: 2, cursor: 'not-a-cursor' }))).toBe(
        'invalid_input',
      );
    });

    it('reserves under the limit and releases reservations without charging anything', async () => {
      const { repositories } = await makeSubject();
      const project = await seedProject(repositories, { tokenLimit: 100 });
      const { projects } = repositories;
      expect(await projects.reserveTokens(project.id, 60, at)).toBe(true);
      expect(await projects.reserveTokens(project.id, 60, at)).toBe(true); // 60 < 100: overshoot by one
      expect(await projects.reserveTokens(project.id, 1, at)).toBe(false);
      await projects.releaseTokens(project.id, 60);
      await projects.releaseTokens(project.id, 60);
      expect(await projects.findById(project.id)).toMatchObject({ tokensUsed: 0, tokensReserved: 0 });
      await projects.releaseTokens(project.id, 5);
      expect((await projects.findById(project.id))?.tokensReserved).toBe(0);
      expect(await projects.reserveTokens(fixtureId(), 1, at)).toBe(false);
    });

    it('leases a reservation: released or settled once, expired ones given back by the sweep', async () => {
      const { repositories } = await makeSubject();
      const { projects, usage } = repositories;
      const project = await seedProject(repositories, { tokenLimit: 1_000 });
      const other = await seedProject(repositories, { tokenLimit: 1_000 });
      const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);
      const reserved = async (id = project.id) => (await projects.findById(id))!.tokensReserved;
      const [first, second, third, refused] = [fixtureId(), fixtureId(), fixtureId(), fixtureId()];
      expect(await projects.reserveTokens(project.id, 100, at, { id: first, expiresAt: later(15) })).toBe(
        true,
      );
      expect(await projects.reserveTokens(project.id, 200, at, { id: second, expiresAt: later(5) })).toBe(
        true,
      );
      expect(await projects.reserveTokens(other.id, 40, at, { id: third, expiresAt: later(5) })).toBe(true);
      expect(await reserved()).toBe(300);

      // Another project's id does not reach the lease; the lease is given back once.
      await projects.releaseTokens(other.id, 100, first);
      expect([await reserved(), await reserved(other.id)]).toEqual([300, 40]);
      await projects.releaseTokens(project.id, 100, first);
      await projects.releaseTokens(project.id, 100, first);
      expect(await reserved()).toBe(200);

      // The sweep gives back what expired by then; settling such a call afterwards charges its
      // tokens but releases nothing twice.
      expect(await projects.releaseExpiredLeases(later(4))).toBe(0);
      expect(await projects.releaseExpiredLeases(later(5))).toBe(2);
      expect([await reserved(), await reserved(other.id)]).toEqual([0, 0]);
      expect(await projects.reserveTokens(project.id, 50, at, { id: first, expiresAt: later(15) })).toBe(
        true,
      );
      await usage.record(makeUsageEvent(project.id, { totalTokens: 30 }), {
        reservedTokens: 200,
        leaseId: second,
      });
      expect(await projects.findById(project.id)).toMatchObject({ tokensUsed: 30, tokensReserved: 50 });
      await usage.record(makeUsageEvent(project.id, { totalTokens: 20 }), {
        reservedTokens: 50,
        leaseId: first,
      });
      expect(await projects.findById(project.id)).toMatchObject({ tokensUsed: 50, tokensReserved: 0 });

      // A refused reservation leaves no lease; with no time given, every lease is given back.
      const spent = await seedProject(repositories, { tokenLimit: 10 });
      expect(await projects.reserveTokens(spent.id, 10, at, { id: refused, expiresAt: later(15) })).toBe(
        true,
      );
      expect(await projects.reserveTokens(spent.id, 1, at, { id: fixtureId(), expiresAt: later(15) })).toBe(
        false,
      );
      expect(await projects.reserveTokens(project.id, 70, at, { id: third, expiresAt: later(60) })).toBe(
        true,
      );
      expect(await projects.releaseExpiredLeases(null)).toBe(2);
      expect([await reserved(), await reserved(spent.id)]).toEqual([0, 0]);
      expect(await projects.releaseExpiredLeases(null)).toBe(0);
    });

    it('concurrent reservations overshoot the limit by at most one reservation', async () => {
      const { repositories } = await makeSubject();
      const project = await seedProject(repositories, { tokenLimit: 100 });
      const granted = await Promise.all(
        Array.from({ length: parallelism }, () => repositories.projects.reserveTokens(project.id, 7, at)),
      );
      const count = granted.filter(Boolean).length;
      expect(count).toBe(Math.ceil(100 / 7));
      expect((await repositories.projects.findById(project.id))?.tokensReserved).toBe(7 * count);
    });

    it('delete removes the project and everything that belongs to it', async () => {
      const { repositories } = await makeSubject();
      const project = await seedProject(repositories);
      const key = makeApiKey(project.id);
      await repositories.apiKeys.create(key);
      expect(await repositories.projects.delete(project.id)).toBe(true);
      expect(await repositories.projects.delete(project.id)).toBe(false);
      expect(await repositories.projects.findById(project.id)).toBeNull();
      expect(await repositories.apiKeys.findByPrefixWithProject(key.prefix)).toBeNull();
      // Noted for the vector store's cleanup until its vectors are dropped.
      expect(await repositories.projects.deletedWithVectors(100)).toContain(project.id);
      // Not yet settled: the note stays.
      expect(await repositories.projects.vectorsDropped(project.id, 3_600_000)).toBe(false);
      expect(await repositories.projects.deletedWithVectors(100)).toContain(project.id);
      expect(await repositories.projects.vectorsDropped(project.id)).toBe(true);
      expect(await repositories.projects.deletedWithVectors(100)).not.toContain(project.id);
      expect(await repositories.projects.vectorsDropped(project.id)).toBe(false);
      expect(await repositories.projects.delete(fixtureId())).toBe(false);
    });

    it('property: any unicode name and metadata round-trip or are refused with a domain error', async () => {
      const { repositories } = await makeSubject();
      const owner = await repositories.users.create(makeUser());
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.parse(JSON.stringify(value)) as JsonValue),
          async (text, value) => {
            const project = makeProject(owner.id, { name: text, systemPrompt: text, metadata: { value } });
            const code = await failureCode(repositories.projects.create(project));
            if (code !== null) {
              expect(code).toBe('invalid_input');
              return;
            }
            const stored = await repositories.projects.findById(project.id);
            expect(stored?.name).toBe(text);
            expect(stored?.metadata).toEqual({ value });
          },
        ),
        { numRuns: options.numRuns ?? 25 },
      );
    }, 60_000);
  });

  describe(`ApiKeyRepository contract: ${name}`, () => {
    it('finds by prefix, lists by project oldest first, updates expiry and revocation', async () => {
      const { repositories } = await makeSubject();
      const project = await seedProject(repositories);
      const first = makeApiKey(project.id, { createdAt: new Date('2026-01-01T00:00:00.000Z') });
      const second = makeApiKey(project.id, {
        kind: 'publishable',
        createdAt: new Date('2026-01-02T00:00:00.000Z'),
      });
      await repositories.apiKeys.create(second);
      await repositories.apiKeys.create(first);
      expect(await repositories.apiKeys.findByPrefixWithProject(second.prefix)).toEqual({
        key: second,
        project: await repositories.projects.findById(project.id),
        curatedRevision: expect.any(String),
      });
      expect(await repositories.apiKeys.findByPrefixWithProject('cb_sk_missing')).toBeNull();
      expect(await repositories.apiKeys.listByProject(project.id)).toEqual([first, second]);
      const at = new Date('2026-02-01T00:00:00.000Z');
      await repositories.apiKeys.update(first.id, { expiresAt: at });
      await repositories.apiKeys.update(second.id, { revokedAt: at });
      const keyOf = async (prefix: string) =>
        (await repositories.apiKeys.findByPrefixWithProject(prefix))?.key;
      expect(await keyOf(first.prefix)).toEqual({ ...first, expiresAt: at });
      expect(await keyOf(second.prefix)).toEqual({ ...second, revokedAt: at });
    });

    it('refuses a duplicate prefix with a conflict', async () => {
      const { repositories } = await makeSubject();
      const project = await seedProject(repositories);
      const key = makeApiKey(project.id);
      await repositories.apiKeys.create(key);
      expect(
        await failureCode(repositories.apiKeys.create(makeApiKey(project.id, { prefix: key.prefix }))),
      ).toBe('conflict');
    });
  });
}
