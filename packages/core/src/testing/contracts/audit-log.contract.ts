import { describe, expect, it } from 'vitest';
import { type AuditEntry, auditEntry } from '../../audit/audit-entry.js';
import { isDomainError } from '../../shared/domain-error.js';
import { fixtureId } from './fixtures.js';
import type { MakeRepositorySubject } from './repository-fixtures.js';

const base = Date.parse('2026-03-01T00:00:00.000Z');

/** Entries of one fresh actor (so a shared database cannot disturb the test), a minute apart. */
function entries(actorId: string, count: number): AuditEntry[] {
  const actions = ['login_succeeded', 'api_key_rotated', 'project_deleted'] as const;
  return Array.from({ length: count }, (_, index) =>
    auditEntry(
      fixtureId(),
      new Date(base + index * 60_000),
      {
        action: actions[index % actions.length]!,
        actorId,
        target: { type: 'project', id: fixtureId() },
        details: { index, note: 'ünïcødé "quoted"', flag: true, nothing: null },
      },
      { requestId: `request-${index}`, clientIp: '203.0.113.7' },
    ),
  );
}

/** Behaviour every `AuditLog` must have; it is reached through the repositories of a store. */
export function auditLogContract(name: string, makeSubject: MakeRepositorySubject): void {
  describe(`AuditLog contract: ${name}`, () => {
    it('round-trips every field and lists newest first, page by page, each entry once', async () => {
      const { repositories } = await makeSubject();
      const actorId = fixtureId();
      const written = entries(actorId, 7);
      for (const entry of written) await repositories.audit.record(entry);
      const seen: AuditEntry[] = [];
      let cursor: string | null = null;
      do {
        const page = await repositories.audit.list({ actorId }, { limit: 3, cursor });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...written].reverse());
    });

    it('filters by actions and by a half-open time range', async () => {
      const { repositories } = await makeSubject();
      const actorId = fixtureId();
      const written = entries(actorId, 6);
      for (const entry of written) await repositories.audit.record(entry);
      const rotations = await repositories.audit.list(
        { actorId, actions: ['api_key_rotated'] },
        { limit: 10 },
      );
      expect(rotations.items.map((entry) => entry.id)).toEqual([written[4]!.id, written[1]!.id]);
      const window = await repositories.audit.list(
        { actorId, since: written[2]!.createdAt, until: written[4]!.createdAt },
        { limit: 10 },
      );
      expect(window.items.map((entry) => entry.id)).toEqual([written[3]!.id, written[2]!.id]);
      const none = await repositories.audit.list({ actorId: fixtureId() }, { limit: 10 });
      expect(none).toEqual({ items: [], nextCursor: null });
    });

    it('keeps entries without actor, target or request', async () => {
      const { repositories } = await makeSubject();
      const entry = auditEntry(fixtureId(), new Date(base), {
        action: 'login_failed',
        actorId: null,
        details: { email: `nobody-${fixtureId()}@example.com` },
      });
      await repositories.audit.record(entry);
      const page = await repositories.audit.list(
        { actions: ['login_failed'], since: entry.createdAt, until: new Date(base + 1) },
        { limit: 100 },
      );
      expect(page.items).toContainEqual(entry);
    });

    it('refuses a cursor it did not make with invalid_input', async () => {
      const { repositories } = await makeSubject();
      const error = await repositories.audit
        .list({}, { limit: 5, cursor: 'not-a-cursor' })
        .catch((failure: unknown) => failure);
      expect(isDomainError(error) && error.code).toBe('invalid_input');
    });

    it('is written or rolled back with the transaction it is recorded in', async () => {
      const { repositories, unitOfWork } = await makeSubject();
      const actorId = fixtureId();
      const [kept, dropped] = entries(actorId, 2);
      await unitOfWork.run((transaction) => transaction.audit.record(kept!));
      await unitOfWork
        .run(async (transaction) => {
          await transaction.audit.record(dropped!);
          throw new Error('boom');
        })
        .catch(() => undefined);
      const page = await repositories.audit.list({ actorId }, { limit: 10 });
      expect(page.items).toEqual([kept]);
    });
  });
}
