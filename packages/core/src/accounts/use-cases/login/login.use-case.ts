import { type AuthSettings, type ClientContext, defaultAuthSettings } from '../../auth/auth-settings.js';
import { openSession, type Session, type SessionPorts } from '../../auth/session-tokens.js';
import { throttle } from '../../auth/throttle.js';
import type { User } from '../../user.js';
import { DomainError, isDomainError } from '../../../shared/domain-error.js';
import type { PasswordHasher } from '../../../ports/password-hasher.port.js';
import type { RateLimiter } from '../../../ports/rate-limiter.port.js';
import type { RefreshTokenRepository } from '../../../ports/refresh-token.repository.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { LoginInput } from './login.input.js';

export interface LoginPorts extends SessionPorts {
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  passwords: PasswordHasher;
  limiter: RateLimiter;
}

const invalidCredentials = () => new DomainError('invalid_credentials', 'Email or password is incorrect');

/**
 * Exchanges email and password for a session. Unknown emails run a dummy password check so a
 * wrong email and a wrong password take the same time and get the same answer; the account
 * state (disabled, unverified) is only revealed to someone who knows the password. Attempts are
 * throttled per account and per client; a successful login clears the account's counter.
 */
export class Login {
  constructor(
    private readonly ports: LoginPorts,
    private readonly settings: AuthSettings = defaultAuthSettings,
  ) {}

  async execute(input: LoginInput, context: ClientContext = {}): Promise<Session> {
    const { users, passwords, limiter } = this.ports;
    const accountKey = `login:account:${input.email}`;
    try {
      if (context.clientIp)
        await throttle(limiter, `login:client:${context.clientIp}`, [this.settings.loginPerClient]);
      await throttle(limiter, accountKey, [this.settings.loginPerAccount]);
    } catch (error) {
      if (isDomainError(error)) await this.recordThrottled(input.email, context);
      throw error;
    }
    const user = await users.findByEmail(input.email);
    if (!user) {
      await passwords.dummyVerify(input.password);
      throw invalidCredentials();
    }
    if (!(await passwords.verify(user.passwordHash, input.password))) throw invalidCredentials();
    if (user.status !== 'active') throw new DomainError('user_disabled', 'This account is disabled');
    if (!user.emailVerifiedAt) {
      throw new DomainError('email_not_verified', 'Verify your email address before logging in');
    }
    await limiter.reset(accountKey);
    const current = await this.rehashIfWeak(user, input.password);
    return openSession(
      this.ports,
      this.ports.refreshTokens,
      current,
      this.ports.ids.newId(),
      this.settings.refreshTokenTtlSeconds,
    );
  }

  private async rehashIfWeak(user: User, password: string): Promise<User> {
    if (!this.ports.passwords.needsRehash(user.passwordHash)) return user;
    const now = this.ports.clock.now();
    const passwordHash = await this.ports.passwords.hash(password);
    const updated = await this.ports.users.update(user.id, { passwordHash }, now);
    await this.ports.users.recordSecurityEvent({
      id: this.ports.ids.newId(),
      userId: user.id,
      kind: 'password_rehashed',
      details: {},
      createdAt: now,
    });
    return updated ?? user;
  }

  private async recordThrottled(email: string, context: ClientContext): Promise<void> {
    // Only for real accounts: hammering unknown addresses must not grow the log without bound.
    const user = await this.ports.users.findByEmail(email);
    if (!user) return;
    await this.ports.users.recordSecurityEvent({
      id: this.ports.ids.newId(),
      userId: user.id,
      kind: 'login_throttled',
      details: { email, clientIp: context.clientIp ?? null },
      createdAt: this.ports.clock.now(),
    });
  }
}
