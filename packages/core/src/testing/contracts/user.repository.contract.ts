import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { User } from '../../accounts/user.js';
import { isDomainError } from '../../shared/domain-error.js';
import type { UserRepository } from '../../ports/user.repository.port.js';
import { fixtureId } from './fixtures.js';

export function makeUser(overrides: Partial<User> = {}): User {
  const at = new Date('2026-01-01T00:00:00.000Z');
  return {
    id: fixtureId(),
    email: `user-${fixtureId()}@example.com`,
    name: 'Jane Doe',
    passwordHash: 'hash',
    role: 'user',
    status: 'active',
    emailVerifiedAt: null,
    tokensValidAfter: at,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** Behaviour every `UserRepository` must have. */
export function userRepositoryContract(
  name: string,
  makeSubject: () => Promise<UserRepository> | UserRepository,
): void {
  describe(`UserRepository contract: ${name}`, () => {
    it('round-trips a user by id and by email', async () => {
      const users = await makeSubject();
      const user = makeUser({ emailVerifiedAt: new Date('2026-01-02T03:04:05.678Z') });
      await users.create(user);
      expect(await users.findById(user.id)).toEqual(user);
      expect(await users.findByEmail(user.email)).toEqual(user);
      expect(await users.findById(fixtureId())).toBeNull();
      expect(await users.findByEmail('nobody@example.com')).toBeNull();
    });

    it('refuses a second user with the same email with email_already_exists', async () => {
      const users = await makeSubject();
      const user = makeUser();
      await users.create(user);
      const error = await users.create(makeUser({ email: user.email })).catch((failure: unknown) => failure);
      expect(isDomainError(error) && error.code).toBe('email_already_exists');
      // Operators read it as it is (`chatbuddy users create`).
      expect((error as Error).message).toBe('A user with this email already exists');
    });

    it('counts active admins only', async () => {
      const users = await makeSubject();
      const before = await users.countActiveAdmins();
      const admin = await users.create(makeUser({ role: 'admin' }));
      await users.create(makeUser({ role: 'admin', status: 'disabled' }));
      await users.create(makeUser({ role: 'user' }));
      expect(await users.countActiveAdmins()).toBe(before + 1);
      await users.update(admin.id, { role: 'user' }, new Date('2026-02-01T00:00:00.000Z'));
      expect(await users.countActiveAdmins()).toBe(before);
    });

    it('updates only the patched fields', async () => {
      const users = await makeSubject();
      const user = await users.create(makeUser());
      const at = new Date('2026-02-01T00:00:00.000Z');
      const updated = await users.update(user.id, { status: 'disabled', tokensValidAfter: at }, at);
      expect(updated).toEqual({ ...user, status: 'disabled', tokensValidAfter: at, updatedAt: at });
      expect(await users.findById(user.id)).toEqual(updated);
      expect(await users.update(fixtureId(), { name: 'x' }, at)).toBeNull();
    });

    it('replaces a pending registration only while the email is unverified and the account active', async () => {
      const users = await makeSubject();
      const at = new Date('2026-02-01T00:00:00.000Z');
      const pending = await users.create(makeUser());
      const replaced = await users.replacePendingRegistration(
        pending.id,
        { name: 'Second', passwordHash: 'second-hash' },
        at,
      );
      expect(replaced).toMatchObject({ name: 'Second', passwordHash: 'second-hash', updatedAt: at });
      expect(await users.findById(pending.id)).toEqual(replaced);
      for (const settled of [
        makeUser({ emailVerifiedAt: new Date('2026-01-02T00:00:00.000Z') }),
        makeUser({ status: 'disabled' }),
      ]) {
        await users.create(settled);
        expect(
          await users.replacePendingRegistration(settled.id, { name: 'Mallory', passwordHash: 'evil' }, at),
        ).toBeNull();
        expect(await users.findById(settled.id)).toEqual(settled);
      }
      expect(
        await users.replacePendingRegistration(fixtureId(), { name: 'x', passwordHash: 'y' }, at),
      ).toBeNull();
    });

    it('lists newest first with a cursor that walks every user once', async () => {
      const users = await makeSubject();
      const created: User[] = [];
      for (let index = 0; index < 5; index++) {
        created.push(await users.create(makeUser({ createdAt: new Date(Date.UTC(2030, 0, 1 + index)) })));
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await users.list({ limit: 2, cursor });
        seen.push(...page.items.map((user) => user.id));
        cursor = page.nextCursor;
      } while (cursor);
      const ours = seen.filter((id) => created.some((user) => user.id === id));
      expect(ours).toEqual(created.map((user) => user.id).reverse());
    });

    it('records and lists security events', async () => {
      const users = await makeSubject();
      const user = await users.create(makeUser());
      await users.recordSecurityEvent({
        id: fixtureId(),
        userId: user.id,
        kind: 'refresh_token_reused',
        details: { familyId: 'f1' },
        createdAt: new Date('2026-03-01T00:00:00.000Z'),
      });
      const events = await users.listSecurityEvents(user.id, 10);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'refresh_token_reused', details: { familyId: 'f1' } });
    });

    it('property: any unicode name round-trips or is refused with a domain error', async () => {
      const users = await makeSubject();
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), async (name) => {
          const user = makeUser({ name });
          const stored = await users.create(user).catch((failure: unknown) => failure);
          if (isDomainError(stored)) return;
          expect(stored).toEqual(user);
          expect((await users.findById(user.id))?.name).toBe(name);
        }),
        { numRuns: 30 },
      );
    });
  });
}
