import { refreshTokenHash } from '../../auth/session-tokens.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { RefreshTokenRepository } from '../../../ports/refresh-token.repository.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { LogoutInput } from './logout.input.js';

/**
 * Ends a session: revokes the refresh token's whole family. Access tokens carry their family, so
 * the ones issued to this session stop working at once, while the user's other sessions (other
 * devices) go on untouched. Logging out twice is not an error.
 */
export class Logout {
  constructor(
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
  ) {}

  async execute(input: LogoutInput): Promise<void> {
    const stored = await this.refreshTokens.findByHash(refreshTokenHash(this.hasher, input.refreshToken));
    if (!stored) throw new DomainError('invalid_token', 'Invalid refresh token');
    if (stored.revokedAt) return;
    await this.refreshTokens.revokeFamily(stored.familyId, this.clock.now());
  }
}
