import { describe, expect, it } from 'vitest';
import type { Otp, RefreshToken } from '../../accounts/user.js';
import { fixtureId } from './fixtures.js';
import type { MakeRepositorySubject } from './repository-fixtures.js';
import { makeUser } from './user.repository.contract.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));

function makeOtp(userId: string, overrides: Partial<Otp> = {}): Otp {
  return {
    id: fixtureId(),
    userId,
    purpose: 'verify_email',
    codeHash: 'code-hash',
    attempts: 0,
    expiresAt: at(10),
    consumedAt: null,
    createdAt: at(0),
    ...overrides,
  };
}

function makeRefreshToken(userId: string, overrides: Partial<RefreshToken> = {}): RefreshToken {
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

/** Behaviour every `OtpRepository` and `RefreshTokenRepository` must have. */
export function accountRepositoryContract(name: string, makeSubject: MakeRepositorySubject): void {
  const setup = async () => {
    const { repositories } = await makeSubject();
    const user = await repositories.users.create(makeUser());
    return { ...repositories, user };
  };

  describe(`OtpRepository contract: ${name}`, () => {
    it('finds the newest open code and counts codes created since an instant', async () => {
      const { otps, user } = await setup();
      const older = makeOtp(user.id, { createdAt: at(1) });
      const newer = makeOtp(user.id, { createdAt: at(2) });
      await otps.create(older);
      await otps.create(newer);
      expect(await otps.findLatestActive(user.id, 'verify_email')).toEqual(newer);
      expect(await otps.countCreatedSince(user.id, 'verify_email', at(2))).toBe(1);
      expect(await otps.countCreatedSince(user.id, 'verify_email', at(0))).toBe(2);
      await otps.invalidateAll(user.id, 'verify_email', at(3));
      expect(await otps.findLatestActive(user.id, 'verify_email')).toBeNull();
    });

    it('counts failed attempts atomically', async () => {
      const { otps, user } = await setup();
      const otp = makeOtp(user.id);
      await otps.create(otp);
      const counts = await Promise.all(Array.from({ length: 8 }, () => otps.recordFailedAttempt(otp.id)));
      expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect((await otps.findLatestActive(user.id, 'verify_email'))?.attempts).toBe(8);
    });

    it('consume: exactly one of many concurrent calls wins', async () => {
      const { otps, user } = await setup();
      const otp = makeOtp(user.id);
      await otps.create(otp);
      const results = await Promise.all(Array.from({ length: 10 }, () => otps.consume(otp.id, at(5))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await otps.consume(otp.id, at(6))).toBe(false);
      expect(await otps.consume(fixtureId(), at(6))).toBe(false);
      expect(await otps.findLatestActive(user.id, 'verify_email')).toBeNull();
    });
  });

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
        Array.from({ length: 10 }, () => refreshTokens.markRotated(token.id, at(1))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await refreshTokens.findByHash(token.tokenHash))?.rotatedAt).toEqual(at(1));
      const revoked = makeRefreshToken(user.id, { revokedAt: at(0) });
      await refreshTokens.create(revoked);
      expect(await refreshTokens.markRotated(revoked.id, at(1))).toBe(false);
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
      await refreshTokens.revokeFamily(familyId, at(2));
      expect((await refreshTokens.findByHash(first.tokenHash))?.revokedAt).toEqual(at(2));
      expect((await refreshTokens.findByHash(second.tokenHash))?.revokedAt).toEqual(at(2));
      expect((await refreshTokens.findByHash(unrelated.tokenHash))?.revokedAt).toBeNull();
      await refreshTokens.revokeAllForUser(user.id, at(3));
      expect((await refreshTokens.findByHash(unrelated.tokenHash))?.revokedAt).toEqual(at(3));
      expect((await refreshTokens.findByHash(first.tokenHash))?.revokedAt).toEqual(at(2));
      expect((await refreshTokens.findByHash(foreign.tokenHash))?.revokedAt).toBeNull();
    });
  });
}
