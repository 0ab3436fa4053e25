import type { UserRole } from '../accounts/index.js';

export interface AccessClaims {
  userId: string;
  role: UserRole;
  /** Issue instant with millisecond precision (compared with the user's `tokensValidAfter`). */
  issuedAt: Date;
  expiresAt: Date;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

/** Signed, short-lived access tokens (PASETO v4 in production). */
export const TokenIssuer = Symbol.for('chatbuddy.TokenIssuer');
export interface TokenIssuer {
  /** Signs a token carrying the user id and role. */
  issue(claims: { userId: string; role: UserRole }): Promise<IssuedAccessToken>;
  /**
   * Verifies signature and expiry and returns the claims.
   * @throws DomainError `invalid_token` or `token_expired`.
   */
  verify(token: string): Promise<AccessClaims>;
}
