import { type PublicUser, toPublicUser } from '../../user.js';
import { DomainError, isDomainError } from '../../../shared/domain-error.js';
import type { RefreshTokenRepository } from '../../../ports/refresh-token.repository.port.js';
import type { TokenIssuer } from '../../../ports/token-issuer.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';

export interface AuthenticatedUser {
  user: PublicUser;
}

/**
 * Turns a bearer access token into the current user. Besides signature and expiry it checks the
 * user still exists, is active, the token was issued after the user's `tokensValidAfter`
 * (disable, revoke everywhere) and its session (refresh-token family) was not revoked (logout,
 * refresh-token reuse), so revocation takes effect at once.
 */
export class AuthenticateAccessToken {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly users: UserRepository,
    private readonly sessions: Pick<RefreshTokenRepository, 'isFamilyRevoked'>,
  ) {}

  async execute(token: string): Promise<AuthenticatedUser> {
    const claims = await this.tokens.verify(token).catch((error: unknown) => {
      if (isDomainError(error)) throw error;
      throw new DomainError('invalid_token', 'Invalid access token');
    });
    const user = await this.users.findById(claims.userId);
    if (!user) throw new DomainError('invalid_token', 'Invalid access token');
    if (user.status !== 'active') throw new DomainError('user_disabled', 'This account is disabled');
    if (claims.issuedAt.getTime() < user.tokensValidAfter.getTime()) {
      throw new DomainError('invalid_token', 'This access token has been revoked');
    }
    if (await this.sessions.isFamilyRevoked(claims.sessionId)) {
      throw new DomainError('invalid_token', 'This session has ended');
    }
    return { user: toPublicUser(user) };
  }
}
