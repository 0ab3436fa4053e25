import type { UserRole } from '../accounts/index.js';

export interface AccessClaims {
  userId: string;
  role: UserRole;
  /** The session (refresh-token family) the token was issued for; revoking it ends the token. */
  sessionId: string;
  /** Issue instant with millisecond precision (compared with the user's `tokensValidAfter`). */
  issuedAt: Date;
  expiresAt: Date;
}

/** What an access token is issued for. */
export interface AccessTokenSubject {
  userId: string;
  role: UserRole;
  sessionId: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

/** Signed, short-lived access tokens (PASETO v4 in production). */
export const TokenIssuer = Symbol.for('chatbuddy.TokenIssuer');
export interface TokenIssuer {
  /** Signs a token carrying the user id, role and session id. */
  issue(claims: AccessTokenSubject): Promise<IssuedAccessToken>;
  /**
   * Verifies signature and expiry and returns the claims. A token without a session id (issued
   * before sessions were carried) is invalid.
   * @throws DomainError `invalid_token` or `token_expired`.
   */
  verify(token: string): Promise<AccessClaims>;
}
