import type { UserId } from '../../shared/common.js';
import type { Otp } from '../user.js';
import type { Clock } from '../../ports/clock.port.js';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import type { OtpRepository } from '../../ports/otp.repository.port.js';
import type { SecretHasher } from '../../ports/secret-hasher.port.js';
import type { SecureRandom } from '../../ports/secure-random.port.js';

/** Length of an email verification code. */
export const otpDigits = 6;

/** The secret whose hash is stored: the code bound to its user, so equal codes hash apart. */
export function otpSecret(userId: UserId, code: string): string {
  return `otp:${userId}:${code}`;
}

export interface OneTimeCodePorts {
  otps: OtpRepository;
  hasher: SecretHasher;
  random: SecureRandom;
  ids: IdGenerator;
  clock: Clock;
}

/**
 * Invalidates the user's open verification codes and stores a fresh one (hashed). Returns the
 * plain code, which only ever travels in the email.
 */
export async function issueVerificationCode(
  ports: OneTimeCodePorts,
  userId: UserId,
  ttlSeconds: number,
): Promise<{ code: string; otp: Otp }> {
  const now = ports.clock.now();
  await ports.otps.invalidateAll(userId, 'verify_email', now);
  const code = ports.random.digits(otpDigits);
  const otp: Otp = {
    id: ports.ids.newId(),
    userId,
    purpose: 'verify_email',
    codeHash: ports.hasher.hash(otpSecret(userId, code)),
    attempts: 0,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    consumedAt: null,
    createdAt: now,
  };
  await ports.otps.create(otp);
  return { code, otp };
}
