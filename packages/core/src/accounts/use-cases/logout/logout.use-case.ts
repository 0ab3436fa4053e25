import { refreshTokenHash, revokedUntil } from '../../auth/session-tokens.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { RefreshTokenRepository } from '../../../ports/refresh-token.repository.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { LogoutInput } from './logout.input.js';

/**
 * Ends a session: revokes the refresh token's whole family and moves the user's
 * `tokensValidAfter` to now, so access tokens issued so far stop working at once. Access tokens
 * carry no session id, so this also ends the access tokens of the user's other devices; those
 * keep their own refresh tokens and simply refresh. Logging out twice is not an error.
 */
export class Logout {
  constructor(
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly users: UserRepository,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
  ) {}

  async execute(input: LogoutInput): Promise<void> {
    const stored = await this.refreshTokens.findByHash(refreshTokenHash(this.hasher, input.refreshToken));
    if (!stored) throw new DomainError('invalid_token', 'Invalid refresh token');
    if (stored.revokedAt) return;
    const now = this.clock.now();
    await this.refreshTokens.revokeFamily(stored.familyId, now);
    await this.users.update(stored.userId, { tokensValidAfter: revokedUntil(now) }, now);
  }
}
