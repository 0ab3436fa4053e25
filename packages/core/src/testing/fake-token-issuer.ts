import type { UserRole } from '../accounts/user.js';
import { DomainError } from '../shared/domain-error.js';
import type { Clock } from '../ports/clock.port.js';
import type {
  AccessClaims,
  AccessTokenSubject,
  IssuedAccessToken,
  TokenIssuer,
} from '../ports/token-issuer.port.js';

/** Unsigned JSON tokens with real expiry against the given clock. Never use outside tests. */
export class FakeTokenIssuer implements TokenIssuer {
  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds = 900,
  ) {}

  async issue(claims: AccessTokenSubject): Promise<IssuedAccessToken> {
    const issuedAt = this.clock.now();
    const expiresAt = new Date(issuedAt.getTime() + this.ttlSeconds * 1000);
    const body = JSON.stringify({ ...claims, iat: issuedAt.toISOString(), exp: expiresAt.toISOString() });
    return { token: `fake.${btoa(body)}`, expiresAt };
  }

  async verify(token: string): Promise<AccessClaims> {
    if (!token.startsWith('fake.')) throw new DomainError('invalid_token', 'Invalid access token');
    let parsed: { userId: string; role: UserRole; sessionId?: unknown; iat: string; exp: string };
    try {
      parsed = JSON.parse(atob(token.slice(5)));
    } catch {
      throw new DomainError('invalid_token', 'Invalid access token');
    }
    if (typeof parsed.sessionId !== 'string') throw new DomainError('invalid_token', 'Invalid access token');
    const expiresAt = new Date(parsed.exp);
    if (expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new DomainError('token_expired', 'Access token expired');
    }
    return {
      userId: parsed.userId,
      role: parsed.role,
      sessionId: parsed.sessionId,
      issuedAt: new Date(parsed.iat),
      expiresAt,
    };
  }
}
