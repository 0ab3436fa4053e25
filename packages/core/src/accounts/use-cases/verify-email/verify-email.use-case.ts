import { type AuthSettings, defaultAuthSettings } from '../../auth/auth-settings.js';
import { otpSecret } from '../../auth/one-time-codes.js';
import { type PublicUser, toPublicUser } from '../../user.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { OtpRepository } from '../../../ports/otp.repository.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { VerifyEmailInput } from './verify-email.input.js';

const invalid = () => new DomainError('otp_invalid', 'The code is invalid or has already been used');

/**
 * Verifies a user's email with the code sent to it. Codes are single use, expire, and die after
 * `otpMaxAttempts` wrong guesses; unknown and already verified addresses get the same answer as
 * a wrong code.
 */
export class VerifyEmail {
  constructor(
    private readonly users: UserRepository,
    private readonly otps: OtpRepository,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
    private readonly settings: AuthSettings = defaultAuthSettings,
  ) {}

  async execute(input: VerifyEmailInput): Promise<{ verified: true; user: PublicUser }> {
    const user = await this.users.findByEmail(input.email);
    if (!user || user.emailVerifiedAt) throw invalid();
    const otp = await this.otps.findLatestActive(user.id, 'verify_email');
    if (!otp) throw invalid();
    const now = this.clock.now();
    if (otp.attempts >= this.settings.otpMaxAttempts) throw this.attemptsExceeded();
    if (otp.expiresAt.getTime() <= now.getTime()) {
      throw new DomainError('otp_expired', 'The code has expired; ask for a new one');
    }
    if (!this.hasher.matches(otpSecret(user.id, input.otp), otp.codeHash)) {
      const attempts = await this.otps.recordFailedAttempt(otp.id);
      if (attempts >= this.settings.otpMaxAttempts) {
        await this.otps.consume(otp.id, now);
        throw this.attemptsExceeded();
      }
      throw new DomainError('otp_invalid', 'The code is not correct', {
        details: { attemptsRemaining: this.settings.otpMaxAttempts - attempts },
      });
    }
    if (!(await this.otps.consume(otp.id, now))) throw invalid();
    const verified = await this.users.update(user.id, { emailVerifiedAt: now }, now);
    if (!verified) throw invalid();
    return { verified: true, user: toPublicUser(verified) };
  }

  private attemptsExceeded(): DomainError {
    return new DomainError('otp_attempts_exceeded', 'Too many wrong codes; ask for a new one');
  }
}
