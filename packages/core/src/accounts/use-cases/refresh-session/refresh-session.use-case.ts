import { auditEntry } from '../../../audit/index.js';
import { type AuthSettings, type ClientContext, defaultAuthSettings } from '../../auth/auth-settings.js';
import { openSession, refreshTokenHash, type Session, type SessionPorts } from '../../auth/session-tokens.js';
import type { RefreshToken } from '../../user.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { RefreshTokenRepository } from '../../../ports/refresh-token.repository.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { SecureRandom } from '../../../ports/secure-random.port.js';
import type { TokenIssuer } from '../../../ports/token-issuer.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { RefreshSessionInput } from './refresh-session.input.js';

export interface RefreshSessionPorts extends SessionPorts {
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  unitOfWork: UnitOfWork;
}

const invalid = () => new DomainError('invalid_token', 'Invalid refresh token');
const superseded = () =>
  new DomainError('invalid_token', 'This refresh token was just rotated by another request; use the new one');

/**
 * Rotates a refresh token: the presented token is marked rotated (a compare-and-set, so exactly
 * one of concurrent refreshes wins) and a new pair is issued in the same family, atomically.
 *
 * A token rotated less than `refreshReuseGraceSeconds` ago is refused with `invalid_token` and
 * nothing else: that is the loser of two tabs refreshing at once, and the winner's new pair must
 * keep working. A token rotated earlier than that is a replay: the whole family is revoked (its
 * refresh tokens and, since access tokens carry the family, its access tokens too), the event is
 * logged, and the answer is `refresh_token_reused`.
 */
export class RefreshSession {
  private readonly ports: RefreshSessionPorts;

  constructor(
    users: UserRepository,
    refreshTokens: RefreshTokenRepository,
    unitOfWork: UnitOfWork,
    tokens: TokenIssuer,
    hasher: SecretHasher,
    random: SecureRandom,
    ids: IdGenerator,
    clock: Clock,
    private readonly settings: AuthSettings = defaultAuthSettings,
  ) {
    this.ports = { users, refreshTokens, unitOfWork, tokens, hasher, random, ids, clock };
  }

  async execute(input: RefreshSessionInput, context: ClientContext = {}): Promise<Session> {
    const { refreshTokens, users, clock } = this.ports;
    const stored = await refreshTokens.findByHash(refreshTokenHash(this.ports.hasher, input.refreshToken));
    if (!stored || stored.revokedAt) throw invalid();
    const now = clock.now();
    if (stored.rotatedAt) return this.rotatedAlready(stored, now, context);
    if (stored.expiresAt.getTime() <= now.getTime()) {
      throw new DomainError('token_expired', 'Refresh token expired; log in again');
    }
    const user = await users.findById(stored.userId);
    if (!user) throw invalid();
    if (user.status !== 'active') {
      await refreshTokens.revokeFamily(stored.familyId, now);
      throw new DomainError('user_disabled', 'This account is disabled');
    }
    const session = await this.ports.unitOfWork.run(async (repositories) => {
      if (!(await repositories.refreshTokens.markRotated(stored.id, now))) return null;
      return openSession(
        this.ports,
        repositories.refreshTokens,
        user,
        stored.familyId,
        this.settings.refreshTokenTtlSeconds,
      );
    });
    if (session) return session;
    // Lost the compare-and-set to a concurrent refresh (or a revocation) after reading the token.
    const current = await refreshTokens.findByHash(stored.tokenHash);
    if (!current || current.revokedAt) throw invalid();
    return this.rotatedAlready(current, now, context);
  }

  private async rotatedAlready(token: RefreshToken, now: Date, context: ClientContext): Promise<never> {
    const rotatedAt = token.rotatedAt ?? now;
    const graceMs = this.settings.refreshReuseGraceSeconds * 1000;
    if (now.getTime() - rotatedAt.getTime() <= graceMs) throw superseded();
    return this.reused(token, context);
  }

  private async reused(token: RefreshToken, context: ClientContext): Promise<never> {
    const { ids, clock } = this.ports;
    const now = clock.now();
    const details = { familyId: token.familyId, tokenId: token.id };
    await this.ports.unitOfWork.run(async (repositories) => {
      await repositories.refreshTokens.revokeFamily(token.familyId, now);
      await repositories.users.recordSecurityEvent({
        id: ids.newId(),
        userId: token.userId,
        kind: 'refresh_token_reused',
        details,
        createdAt: now,
      });
      await repositories.audit.record(
        auditEntry(
          ids.newId(),
          now,
          {
            action: 'refresh_token_reused',
            actorId: token.userId,
            target: { type: 'user', id: token.userId },
            details,
          },
          context,
        ),
      );
    });
    throw new DomainError(
      'refresh_token_reused',
      'This refresh token was already used; the session has been revoked',
    );
  }
}
