import { parseInput } from '../../../shared/validation.js';
import { type AuthSettings, type ClientContext, defaultAuthSettings } from '../../auth/auth-settings.js';
import type { MailDispatcher } from '../../auth/mail-dispatcher.js';
import { issueVerificationCode, type OneTimeCodePorts } from '../../auth/one-time-codes.js';
import { throttle, withinLimits } from '../../auth/throttle.js';
import type { User } from '../../user.js';
import { isDomainError } from '../../../shared/domain-error.js';
import { accountExistsEmail, verificationEmail } from '../../account-emails.js';
import { defaultMailBranding, type MailBranding } from '../../../shared/branding.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { OtpRepository } from '../../../ports/otp.repository.port.js';
import type { PasswordHasher } from '../../../ports/password-hasher.port.js';
import type { RateLimiter } from '../../../ports/rate-limiter.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { SecureRandom } from '../../../ports/secure-random.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import { type RegisterUserInput, registerUserInput } from './register-user.input.js';

/** The one answer registration gives, whether or not the address already had an account. */
export interface RegistrationAccepted {
  status: 'verification_pending';
  email: string;
  message: string;
}

export interface RegisterUserPorts extends OneTimeCodePorts {
  users: UserRepository;
  passwords: PasswordHasher;
  limiter: RateLimiter;
  mail: MailDispatcher;
}

/**
 * Creates an unverified user and emails a verification code. An address that already has an
 * account gets the same answer (after the same password-hashing work) and its owner is emailed
 * a notice instead, so registration cannot be used to find out who has an account.
 *
 * An address registered but not verified yet is registered again: the new name and password
 * replace the pending ones and a fresh code (voiding older ones) goes to the mailbox, so whoever
 * can read it decides which password the account gets. Registering someone else's address first
 * therefore takes nothing from its owner. Re-registrations have a throttle of their own (a few
 * in ten minutes, so a typo is corrected at once); over it, nothing changes.
 */
export class RegisterUser {
  private readonly ports: RegisterUserPorts;

  constructor(
    users: UserRepository,
    otps: OtpRepository,
    passwords: PasswordHasher,
    limiter: RateLimiter,
    mail: MailDispatcher,
    hasher: SecretHasher,
    random: SecureRandom,
    ids: IdGenerator,
    clock: Clock,
    private readonly settings: AuthSettings = defaultAuthSettings,
    private readonly branding: MailBranding = defaultMailBranding,
  ) {
    this.ports = { users, otps, passwords, limiter, mail, hasher, random, ids, clock };
  }

  async execute(raw: RegisterUserInput, _context: ClientContext = {}): Promise<RegistrationAccepted> {
    const input = parseInput(registerUserInput, raw);
    const { users, passwords, clock, ids } = this.ports;
    const passwordHash = await passwords.hash(input.password);
    const existing = await users.findByEmail(input.email);
    if (existing && existing.emailVerifiedAt === null && existing.status === 'active') {
      await this.registerAgain(existing, input.name, passwordHash);
      return this.accepted(input.email);
    }
    if (existing) {
      await this.notifyOwner(existing);
      return this.accepted(input.email);
    }
    const now = clock.now();
    const user: User = {
      id: ids.newId(),
      email: input.email,
      name: input.name,
      passwordHash,
      role: 'user',
      status: 'active',
      emailVerifiedAt: null,
      tokensValidAfter: now,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await users.create(user);
    } catch (error) {
      // A concurrent registration of the same address won the race: answer as for any existing one.
      if (isDomainError(error) && error.code === 'email_already_exists') return this.accepted(input.email);
      throw error;
    }
    await throttle(this.ports.limiter, `otp-send:${user.email}`, this.settings.otpResendRules).catch(
      () => {},
    );
    await this.sendCode(user);
    return this.accepted(input.email);
  }

  private async registerAgain(pending: User, name: string, passwordHash: string): Promise<void> {
    const key = `register-again:${pending.email}`;
    if (!(await withinLimits(this.ports.limiter, key, this.settings.registerAgainRules))) return;
    // Codes already sent die first: none of them can verify the account with the new password.
    await this.ports.otps.invalidateAll(pending.id, 'verify_email', this.ports.clock.now());
    const replaced = await this.ports.users.replacePendingRegistration(
      pending.id,
      { name, passwordHash },
      this.ports.clock.now(),
    );
    // Verified (or disabled) meanwhile: the account is settled, its owner gets the notice.
    if (!replaced) {
      const settled = await this.ports.users.findById(pending.id);
      if (settled) await this.notifyOwner(settled);
      return;
    }
    await this.sendCode(replaced);
  }

  private async sendCode(user: User): Promise<void> {
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

  private async notifyOwner(owner: User): Promise<void> {
    // At most a few notices an hour per address, so registration cannot be used to flood an inbox.
    const key = `account-notice:${owner.email}`;
    if (await withinLimits(this.ports.limiter, key, this.settings.otpResendRules))
      this.ports.mail.dispatch(accountExistsEmail({ to: owner.email, name: owner.name }, this.branding));
  }

  private accepted(email: string): RegistrationAccepted {
    return {
      status: 'verification_pending',
      email,
      message: `If this address can receive mail, a 6-digit verification code is on its way. It expires in ${Math.round(this.settings.otpTtlSeconds / 60)} minutes.`,
    };
  }
}
