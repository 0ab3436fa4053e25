import { type AuthSettings, type ClientContext, defaultAuthSettings } from '../../auth/auth-settings.js';
import { openSession, type Session, type SessionPorts } from '../../auth/session-tokens.js';
import {
  type AttemptScope,
  backoffRules,
  clearScope,
  rateLimited,
  recordAttempt,
} from '../../auth/backoff.js';
import { auditEntry, type AuditFacts } from '../../../audit/index.js';
import type { User } from '../../user.js';
import { DomainError, isDomainError } from '../../../shared/domain-error.js';
import type { AuditLog } from '../../../ports/audit-log.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { PasswordHasher } from '../../../ports/password-hasher.port.js';
import type { RateLimiter } from '../../../ports/rate-limiter.port.js';
import type { RefreshTokenRepository } from '../../../ports/refresh-token.repository.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { SecureRandom } from '../../../ports/secure-random.port.js';
import type { TokenIssuer } from '../../../ports/token-issuer.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { LoginInput } from './login.input.js';

export interface LoginPorts extends SessionPorts {
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  passwords: PasswordHasher;
  limiter: RateLimiter;
  audit: AuditLog;
}

const invalidCredentials = () => new DomainError('invalid_credentials', 'Email or password is incorrect');

/**
 * Exchanges email and password for a session. Unknown emails run a dummy password check so a
 * wrong email and a wrong password take the same time and get the same answer; the account
 * state (disabled, unverified) is only revealed to someone who knows the password.
 *
 * Guessing is slowed by exponential backoff of failed attempts per (account, client IP) and per
 * client IP, never by locking the account: a stranger failing from elsewhere cannot keep the
 * owner out. A high per-account ceiling stops distributed guessing, but only for clients that
 * have already failed on that account. Attempts with the right password count nowhere and clear
 * the pair's backoff. See docs/decisions/0005-dashboard-accounts.md.
 *
 * The audit log records each login that reached the password check, successful or not (the
 * backoff bounds how fast failures can be written); attempts refused by the backoff are not
 * audited, so hammering cannot grow the log.
 */
export class Login {
  private readonly ports: LoginPorts;

  constructor(
    users: UserRepository,
    refreshTokens: RefreshTokenRepository,
    passwords: PasswordHasher,
    limiter: RateLimiter,
    audit: AuditLog,
    tokens: TokenIssuer,
    hasher: SecretHasher,
    random: SecureRandom,
    ids: IdGenerator,
    clock: Clock,
    private readonly settings: AuthSettings = defaultAuthSettings,
  ) {
    this.ports = { users, refreshTokens, passwords, limiter, audit, tokens, hasher, random, ids, clock };
  }

  async execute(input: LoginInput, context: ClientContext = {}): Promise<Session> {
    const { pair, client, account } = this.scopes(input.email, context.clientIp ?? 'unknown');
    const scopes = [pair, client, account];
    const attempt = await recordAttempt(this.ports.limiter, scopes);
    const waitMs = Math.max(
      attempt.retryAfterMs(pair),
      attempt.retryAfterMs(client),
      attempt.hadHits(pair) ? attempt.retryAfterMs(account) : 0,
    );
    if (waitMs > 0) {
      await attempt.refund(scopes);
      await this.recordThrottled(input.email, context);
      throw rateLimited(waitMs);
    }
    const user = await this.checkPassword(input).catch(async (error: unknown) => {
      if (!isDomainError(error) || error.code !== 'invalid_credentials') await attempt.refund(scopes);
      else
        await this.audit(context, {
          action: 'login_failed',
          actorId: null,
          details: { email: input.email, reason: error.code },
        });
      throw error;
    });
    // The right password: this attempt was no guess.
    await attempt.refund([client, account]);
    await clearScope(this.ports.limiter, pair);
    const refusal =
      user.status !== 'active'
        ? new DomainError('user_disabled', 'This account is disabled')
        : !user.emailVerifiedAt
          ? new DomainError('email_not_verified', 'Verify your email address before logging in')
          : null;
    const target = { type: 'user', id: user.id } as const;
    if (refusal) {
      await this.audit(context, {
        action: 'login_failed',
        actorId: user.id,
        target,
        details: { email: user.email, reason: refusal.code },
      });
      throw refusal;
    }
    const current = await this.rehashIfWeak(user, input.password);
    const session = await openSession(
      this.ports,
      this.ports.refreshTokens,
      current,
      this.ports.ids.newId(),
      this.settings.refreshTokenTtlSeconds,
    );
    await this.audit(context, {
      action: 'login_succeeded',
      actorId: user.id,
      target,
      details: { email: user.email },
    });
    return session;
  }

  private audit(context: ClientContext, facts: AuditFacts): Promise<void> {
    const { audit, ids, clock } = this.ports;
    return audit.record(auditEntry(ids.newId(), clock.now(), facts, context));
  }

  private scopes(email: string, clientIp: string): Record<'pair' | 'client' | 'account', AttemptScope> {
    const { loginBackoffPerAccountAndClient, loginBackoffPerClient, loginFailuresPerAccount } = this.settings;
    return {
      pair: {
        key: `login:failures:pair:${email}|${clientIp}`,
        rules: backoffRules(loginBackoffPerAccountAndClient),
      },
      client: { key: `login:failures:client:${clientIp}`, rules: backoffRules(loginBackoffPerClient) },
      account: { key: `login:failures:account:${email}`, rules: [loginFailuresPerAccount] },
    };
  }

  /** The user whose password this is; `invalid_credentials` otherwise, after the same work. */
  private async checkPassword(input: LoginInput): Promise<User> {
    const { users, passwords } = this.ports;
    const user = await users.findByEmail(input.email);
    if (!user) {
      await passwords.dummyVerify(input.password);
      throw invalidCredentials();
    }
    if (!(await passwords.verify(user.passwordHash, input.password))) throw invalidCredentials();
    return user;
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
