import { describe, expect, it } from 'vitest';
import type { RefreshToken } from '../../accounts/user.js';
import { fixtureId } from './fixtures.js';
import type { MakeRepositorySubject } from './repository-fixtures.js';
import { makeUser } from './user.repository.contract.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));

export function makeRefreshToken(userId: string, overrides: Partial<RefreshToken> = {}): RefreshToken {
  return {
    id: fixtureId(),
    userId,
    familyId: fixtureId(),
    tokenHash: `token-${fixtureId()}`,
    expiresAt: at(60 * 24),
    rotatedAt: null,
    revokedAt: null,
    createdAt: at(0),
    ...overrides,
  };
}

/** Behaviour every `RefreshTokenRepository` must have. */
export function refreshTokenRepositoryContract(
  name: string,
  makeSubject: MakeRepositorySubject,
  parallelism = 10,
): void {
  const setup = async () => {
    const subject = await makeSubject();
    const user = await subject.repositories.users.create(makeUser());
    return { ...subject.repositories, unitOfWork: subject.unitOfWork, user };
  };

  describe(`RefreshTokenRepository contract: ${name}`, () => {
    it('round-trips by hash', async () => {
      const { refreshTokens, user } = await setup();
      const token = makeRefreshToken(user.id);
      await refreshTokens.create(token);
      expect(await refreshTokens.findByHash(token.tokenHash)).toEqual(token);
      expect(await refreshTokens.findByHash('missing')).toBeNull();
    });

    it('markRotated: exactly one of many concurrent calls wins; revoked tokens never rotate', async () => {
      const { refreshTokens, user } = await setup();
      const token = makeRefreshToken(user.id);
      await refreshTokens.create(token);
      const results = await Promise.all(
        Array.from({ length: parallelism }, () => refreshTokens.markRotated(token.id, at(1))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await refreshTokens.findByHash(token.tokenHash))?.rotatedAt).toEqual(at(1));
      expect(await refreshTokens.markRotated(token.id, at(2))).toBe(false);
      expect((await refreshTokens.findByHash(token.tokenHash))?.rotatedAt).toEqual(at(1));
      const revoked = makeRefreshToken(user.id, { revokedAt: at(0) });
      await refreshTokens.create(revoked);
      expect(await refreshTokens.markRotated(revoked.id, at(1))).toBe(false);
    });

    it('rotates once across concurrent transactions: one successor is written, the rest see it taken', async () => {
      const { refreshTokens, unitOfWork, user } = await setup();
      const token = makeRefreshToken(user.id);
      await refreshTokens.create(token);
      const successors = Array.from({ length: parallelism }, () =>
        makeRefreshToken(user.id, { familyId: token.familyId, createdAt: at(1) }),
      );
      // Each transaction reads the token as current first, as a refresh does, then rotates.
      const outcomes = await Promise.all(
        successors.map((successor) =>
          unitOfWork.run(async (repositories) => {
            const seen = await repositories.refreshTokens.findByHash(token.tokenHash);
            if (!seen || seen.rotatedAt) return false;
            if (!(await repositories.refreshTokens.markRotated(token.id, at(1)))) return false;
            await repositories.refreshTokens.create(successor);
            return true;
          }),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const written = await Promise.all(successors.map((next) => refreshTokens.findByHash(next.tokenHash)));
      expect(written.filter((row) => row !== null)).toHaveLength(1);
      expect(await refreshTokens.isFamilyRevoked(token.familyId)).toBe(false);
    });

    it('revokes a family and all tokens of a user, leaving others alone', async () => {
      const { refreshTokens, users, user } = await setup();
      const other = await users.create(makeUser());
      const familyId = fixtureId();
      const first = makeRefreshToken(user.id, { familyId });
      const second = makeRefreshToken(user.id, { familyId });
      const unrelated = makeRefreshToken(user.id);
      const foreign = makeRefreshToken(other.id);
      for (const token of [first, second, unrelated, foreign]) await refreshTokens.create(token);
      expect(await refreshTokens.isFamilyRevoked(familyId)).toBe(false);
      await refreshTokens.revokeFamily(familyId, at(2));
      expect(await refreshTokens.isFamilyRevoked(familyId)).toBe(true);
      expect((await refreshTokens.findByHash(first.tokenHash))?.revokedAt).toEqual(at(2));
      expect((await refreshTokens.findByHash(second.tokenHash))?.revokedAt).toEqual(at(2));
      expect((await refreshTokens.findByHash(unrelated.tokenHash))?.revokedAt).toBeNull();
      expect(await refreshTokens.isFamilyRevoked(unrelated.familyId)).toBe(false);
      await refreshTokens.revokeAllForUser(user.id, at(3));
      expect((await refreshTokens.findByHash(unrelated.tokenHash))?.revokedAt).toEqual(at(3));
      expect(await refreshTokens.isFamilyRevoked(unrelated.familyId)).toBe(true);
      expect((await refreshTokens.findByHash(first.tokenHash))?.revokedAt).toEqual(at(2));
      expect((await refreshTokens.findByHash(foreign.tokenHash))?.revokedAt).toBeNull();
      expect(await refreshTokens.isFamilyRevoked(foreign.familyId)).toBe(false);
      expect(await refreshTokens.isFamilyRevoked(fixtureId())).toBe(false);
    });
  });
}
