import { describe, expect, it } from 'vitest';
import type { AbandonedCutoff } from '../../ports/document.repository.port.js';
import { fixtureId } from './fixtures.js';
import { makeDocument, type MakeRepositorySubject, seedProject } from './repository-fixtures.js';

const minute = 60_000;
const t0 = new Date('2026-06-01T12:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * minute);

/** Indexing leases: which unfinished documents are abandoned, renewal, and the conditional release. */
export function documentLeaseContract(name: string, makeSubject: MakeRepositorySubject): void {
  const setup = async () => {
    const { repositories } = await makeSubject();
    const project = await seedProject(repositories);
    const documents = repositories.documents;
    const projectId = project.id;
    /** A document of `status`, last changed at minute `changed`, leased until minute `lease`. */
    const seed = async (
      status: 'pending' | 'indexing' | 'ready' | 'failed',
      changed: number,
      lease?: number,
    ) => {
      const created = await documents.create(makeDocument(projectId, { status, createdAt: at(changed - 1) }));
      const patch = lease === undefined ? {} : { leaseExpiresAt: at(lease) };
      return (await documents.update(projectId, created.id, patch, at(changed)))!;
    };
    return { documents, repositories, projectId, seed };
  };
  const ids = (items: Array<{ id: string }>) => items.map((item) => item.id).sort();
  const cutoff = (now: number): AbandonedCutoff => ({ leaseExpiredBy: at(now), unleasedSince: at(now - 5) });

  describe(`DocumentRepository leases contract: ${name}`, () => {
    it('lists unfinished documents whose lease expired or that changed long ago without one', async () => {
      const { documents, projectId, seed } = await setup();
      const live = await seed('indexing', 0, 5);
      const expired = await seed('indexing', 0, 1);
      const unleasedOld = await seed('pending', -10);
      const unleasedFresh = await seed('pending', 0);
      await seed('ready', -10);
      await seed('failed', -10, 1);
      const mine = (items: Array<{ id: string; projectId: string }>) =>
        items.filter((item) => item.projectId === projectId);
      expect(ids(mine(await documents.listAbandoned(cutoff(2), 1000)))).toEqual(ids([expired, unleasedOld]));
      expect(ids(mine(await documents.listAbandoned(null, 1000)))).toEqual(
        ids([live, expired, unleasedOld, unleasedFresh]),
      );
      const [summary] = mine(await documents.listAbandoned(cutoff(2), 1000));
      expect(summary).not.toHaveProperty('content');
      expect(summary).not.toHaveProperty('leaseExpiresAt');
      expect(await documents.findById(projectId, live.id)).toEqual(live);
    });

    it('creates a document under a lease, which keeps it from being abandoned until it expires', async () => {
      const { documents, projectId } = await setup();
      const document = makeDocument(projectId, {
        status: 'indexing',
        createdAt: at(-10),
        updatedAt: at(-10),
      });
      expect(await documents.create(document, { leaseExpiresAt: at(5) })).toEqual(document);
      const unleased = await documents.create(
        makeDocument(projectId, { status: 'indexing', createdAt: at(-10), updatedAt: at(-10) }),
      );
      const mine = async (now: number) =>
        ids(
          (await documents.listAbandoned(cutoff(now), 1000)).filter((item) => item.projectId === projectId),
        );
      expect(await mine(2)).toEqual([unleased.id]);
      expect(await mine(6)).toEqual(ids([document, unleased]));
      expect(await documents.findById(projectId, document.id)).toEqual(document);
    });

    it('renews the lease of unfinished documents only, without touching updatedAt', async () => {
      const { documents, projectId, seed } = await setup();
      const live = await seed('indexing', 0, 1);
      const ready = await seed('ready', 0);
      expect(await documents.renewLease(projectId, live.id, at(10))).toBe(true);
      expect(await documents.renewLease(projectId, ready.id, at(10))).toBe(false);
      expect(await documents.renewLease(fixtureId(), live.id, at(10))).toBe(false);
      expect(await documents.renewLease(projectId, fixtureId(), at(10))).toBe(false);
      expect(ids(await documents.listAbandoned(cutoff(9), 1000))).not.toContain(live.id);
      expect(ids(await documents.listAbandoned(cutoff(10), 1000))).toContain(live.id);
      expect((await documents.findById(projectId, live.id))?.updatedAt).toEqual(at(0));
    });

    it('releases an abandoned document once, never a live one', async () => {
      const { documents, projectId, seed } = await setup();
      const live = await seed('indexing', 0, 5);
      const expired = await seed('indexing', 0, 1);
      expect(
        await documents.releaseAbandoned(projectId, live.id, cutoff(2), 'interrupted', at(2)),
      ).toBeNull();
      expect((await documents.findById(projectId, live.id))?.status).toBe('indexing');
      const race = await Promise.all(
        Array.from({ length: 4 }, () =>
          documents.releaseAbandoned(projectId, expired.id, cutoff(2), 'interrupted', at(2)),
        ),
      );
      const won = race.filter((result) => result !== null);
      expect(won).toEqual([{ ...expired, status: 'failed', failureReason: 'interrupted', updatedAt: at(2) }]);
      expect(await documents.renewLease(projectId, expired.id, at(10))).toBe(false);
      expect(await documents.releaseAbandoned(fixtureId(), live.id, null, 'interrupted', at(2))).toBeNull();
      const released = await documents.releaseAbandoned(projectId, live.id, null, 'interrupted', at(2));
      expect(released).toMatchObject({ status: 'failed', failureReason: 'interrupted' });
      // A released document carries no lease: a new run starts from scratch.
      await documents.update(projectId, live.id, { status: 'indexing' }, at(3));
      expect(ids(await documents.listAbandoned(cutoff(8), 1000))).toContain(live.id);
    });
  });
}
