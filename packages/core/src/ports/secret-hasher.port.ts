/**
 * Fast keyed hashing of high-entropy secrets (API keys, one-time codes) so only hashes are
 * stored; refresh tokens go through a `SecretHasher` of their own key (`RefreshTokenHasher`). Not for passwords: those go through `PasswordHasher`.
 */
export const SecretHasher = Symbol.for('chatbuddy.SecretHasher');
export interface SecretHasher {
  /** Deterministic hash of `secret` (hex); equal inputs give equal outputs. */
  hash(secret: string): string;
  /** Constant-time comparison of `secret` against a stored `hash`. */
  matches(secret: string, hash: string): boolean;
}

/**
 * The `SecretHasher` of refresh tokens, keyed by its own secret (`REFRESH_SECRET`): changing that
 * key ends every refresh session without touching API keys or one-time codes.
 */
export const RefreshTokenHasher = Symbol.for('chatbuddy.RefreshTokenHasher');
export type RefreshTokenHasher = SecretHasher;
