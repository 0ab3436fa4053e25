import { type PublicUser, toPublicUser } from '../../user.js';
import { DomainError, isDomainError } from '../../../shared/domain-error.js';
import type { TokenIssuer } from '../../../ports/token-issuer.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';

export interface AuthenticatedUser {
  user: PublicUser;
}

/**
 * Turns a bearer access token into the current user. Besides signature and expiry it checks the
 * user still exists, is active, and the token was issued after the user's `tokensValidAfter`
 * (logout everywhere, disable), so revocation takes effect at once.
 */
export class AuthenticateAccessToken {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly users: UserRepository,
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
    return { user: toPublicUser(user) };
  }
}
