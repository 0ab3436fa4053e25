import { type AuthSettings, defaultAuthSettings } from '../../auth/auth-settings.js';
import type { MailDispatcher } from '../../auth/mail-dispatcher.js';
import { issueVerificationCode, type OneTimeCodePorts } from '../../auth/one-time-codes.js';
import { throttle } from '../../auth/throttle.js';
import { verificationEmail } from '../../account-emails.js';
import { defaultMailBranding, type MailBranding } from '../../../shared/branding.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { OtpRepository } from '../../../ports/otp.repository.port.js';
import type { RateLimiter } from '../../../ports/rate-limiter.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { SecureRandom } from '../../../ports/secure-random.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { ResendOtpInput } from './resend-otp.input.js';

export interface ResendAccepted {
  status: 'sent_if_pending';
  message: string;
}

export interface ResendOtpPorts extends OneTimeCodePorts {
  users: UserRepository;
  limiter: RateLimiter;
  mail: MailDispatcher;
}

/**
 * Emails a fresh verification code, invalidating older ones. The throttle counts by address
 * whether or not an account exists, and the answer is always the same, so neither reveals
 * which addresses are registered.
 */
export class ResendOtp {
  private readonly ports: ResendOtpPorts;

  constructor(
    users: UserRepository,
    otps: OtpRepository,
    limiter: RateLimiter,
    mail: MailDispatcher,
    hasher: SecretHasher,
    random: SecureRandom,
    ids: IdGenerator,
    clock: Clock,
    private readonly settings: AuthSettings = defaultAuthSettings,
    private readonly branding: MailBranding = defaultMailBranding,
  ) {
    this.ports = { users, otps, limiter, mail, hasher, random, ids, clock };
  }

  async execute(input: ResendOtpInput): Promise<ResendAccepted> {
    await throttle(
      this.ports.limiter,
      `otp-send:${input.email}`,
      this.settings.otpResendRules,
      'A code was sent recently; wait before asking for another',
    );
    const user = await this.ports.users.findByEmail(input.email);
    if (user && !user.emailVerifiedAt && user.status === 'active') {
      const { code } = await issueVerificationCode(this.ports, user.id, this.settings.otpTtlSeconds);
      this.ports.mail.dispatch(
        verificationEmail(
          {
            to: user.email,
            name: user.name,
            code,
            expiresInMinutes: Math.round(this.settings.otpTtlSeconds / 60),
          },
          this.branding,
        ),
      );
    }
    return {
      status: 'sent_if_pending',
      message: 'If this address has an account waiting for verification, a new code is on its way.',
    };
  }
}
