import type { PublicUser, RefreshToken, User } from '../user.js';
import { toPublicUser } from '../user.js';
import type { Clock } from '../../ports/clock.port.js';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import type { RefreshTokenRepository } from '../../ports/refresh-token.repository.port.js';
import type { SecretHasher } from '../../ports/secret-hasher.port.js';
import type { SecureRandom } from '../../ports/secure-random.port.js';
import type { TokenIssuer } from '../../ports/token-issuer.port.js';

/** Bytes of randomness in a refresh token (256 bits). */
const refreshTokenBytes = 32;

/** What login and refresh return. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** When the refresh token expires (ISO-8601). */
  refreshTokenExpiresAt: string;
  user: PublicUser;
}

export interface SessionPorts {
  tokens: TokenIssuer;
  hasher: SecretHasher;
  random: SecureRandom;
  ids: IdGenerator;
  clock: Clock;
}

/** The hash under which a refresh token is stored and looked up. */
export function refreshTokenHash(hasher: SecretHasher, token: string): string {
  return hasher.hash(`refresh:${token}`);
}

/**
 * Issues an access token and a new refresh token of `familyId`, storing only the refresh
 * token's hash through `refreshTokens` (which may be bound to a transaction). The family is the
 * session: the access token carries it, so revoking the family ends the access token too.
 */
export async function openSession(
  ports: SessionPorts,
  refreshTokens: RefreshTokenRepository,
  user: User,
  familyId: string,
  refreshTtlSeconds: number,
): Promise<Session> {
  const now = ports.clock.now();
  const refreshToken = ports.random.token(refreshTokenBytes);
  const row: RefreshToken = {
    id: ports.ids.newId(),
    userId: user.id,
    familyId,
    tokenHash: refreshTokenHash(ports.hasher, refreshToken),
    expiresAt: new Date(now.getTime() + refreshTtlSeconds * 1000),
    rotatedAt: null,
    revokedAt: null,
    createdAt: now,
  };
  await refreshTokens.create(row);
  const access = await ports.tokens.issue({ userId: user.id, role: user.role, sessionId: familyId });
  return {
    accessToken: access.token,
    refreshToken,
    tokenType: 'Bearer',
    expiresIn: Math.max(0, Math.round((access.expiresAt.getTime() - now.getTime()) / 1000)),
    refreshTokenExpiresAt: row.expiresAt.toISOString(),
    user: toPublicUser(user),
  };
}

/** The instant from which access tokens are accepted again after a revocation at `now`. */
export function revokedUntil(now: Date): Date {
  // Tokens issued in the very millisecond of the revocation are refused too.
  return new Date(now.getTime() + 1);
}
