import { type AuthSettings, defaultAuthSettings } from '../../auth/auth-settings.js';
import { openSession, refreshTokenHash, type Session, type SessionPorts } from '../../auth/session-tokens.js';
import type { RefreshToken } from '../../user.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { RefreshTokenRepository } from '../../../ports/refresh-token.repository.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { RefreshSessionInput } from './refresh-session.input.js';

export interface RefreshSessionPorts extends SessionPorts {
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  unitOfWork: UnitOfWork;
}

const invalid = () => new DomainError('invalid_token', 'Invalid refresh token');

/**
 * Rotates a refresh token: the presented token is marked rotated and a new pair is issued in
 * the same family, atomically. Presenting a token that was already rotated (a replay, or the
 * loser of two concurrent refreshes) revokes the whole family and is logged as a security
 * event: whoever holds a copy of any token of that family is logged out.
 */
export class RefreshSession {
  constructor(
    private readonly ports: RefreshSessionPorts,
    private readonly settings: AuthSettings = defaultAuthSettings,
  ) {}

  async execute(input: RefreshSessionInput): Promise<Session> {
    const { refreshTokens, users, clock } = this.ports;
    const stored = await refreshTokens.findByHash(refreshTokenHash(this.ports.hasher, input.refreshToken));
    if (!stored || stored.revokedAt) throw invalid();
    if (stored.rotatedAt) return this.reused(stored);
    const now = clock.now();
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
    return session ?? this.reused(stored);
  }

  private async reused(token: RefreshToken): Promise<never> {
    const now = this.ports.clock.now();
    await this.ports.refreshTokens.revokeFamily(token.familyId, now);
    await this.ports.users.recordSecurityEvent({
      id: this.ports.ids.newId(),
      userId: token.userId,
      kind: 'refresh_token_reused',
      details: { familyId: token.familyId, tokenId: token.id },
      createdAt: now,
    });
    throw new DomainError(
      'refresh_token_reused',
      'This refresh token was already used; the session has been revoked',
    );
  }
}
