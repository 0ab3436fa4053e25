import type { UserId } from '../shared/common.js';
import type { RefreshToken } from '../accounts/index.js';

/** Refresh tokens (hashed) with rotation families. */
export const RefreshTokenRepository = Symbol.for('chatbuddy.RefreshTokenRepository');
export interface RefreshTokenRepository {
  create(token: RefreshToken): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshToken | null>;
  /**
   * Marks the token rotated if it is still current (neither rotated nor revoked), in one atomic
   * compare-and-set; false otherwise. Exactly one of several concurrent calls for the same token
   * returns true, also across transactions.
   */
  markRotated(id: string, at: Date): Promise<boolean>;
  /** Revokes every token of the family. */
  revokeFamily(familyId: string, at: Date): Promise<void>;
  /**
   * Whether the family (a session) was revoked: logout, reuse detection, disable. Access tokens
   * carry their family id and stop working once this is true. Unknown families are not revoked.
   */
  isFamilyRevoked(familyId: string): Promise<boolean>;
  /** Revokes every token of the user (disable, password change). */
  revokeAllForUser(userId: UserId, at: Date): Promise<void>;
}
