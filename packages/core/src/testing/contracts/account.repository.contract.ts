import { describe, expect, it } from 'vitest';
import type { Otp } from '../../accounts/user.js';
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

/** Behaviour every `OtpRepository` must have (refresh tokens: `refreshTokenRepositoryContract`). */
export function accountRepositoryContract(name: string, makeSubject: MakeRepositorySubject): void {
  const setup = async () => {
    const { repositories } = await makeSubject();
    const user = await repositories.users.create(makeUser());
    return { ...repositories, user };
  };

  describe(`OtpRepository contract: ${name}`, () => {
    it('finds the newest open code, and none once all are invalidated', async () => {
      const { otps, user } = await setup();
      const older = makeOtp(user.id, { createdAt: at(1) });
      const newer = makeOtp(user.id, { createdAt: at(2) });
      await otps.create(older);
      await otps.create(newer);
      expect(await otps.findLatestActive(user.id, 'verify_email')).toEqual(newer);
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
}
