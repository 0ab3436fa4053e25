/**
 * Fast keyed hashing of high-entropy secrets (API keys, refresh tokens, one-time codes) so only
 * hashes are stored. Not for passwords: those go through `PasswordHasher`.
 */
export const SecretHasher = Symbol.for('chatbuddy.SecretHasher');
export interface SecretHasher {
  /** Deterministic hash of `secret` (hex); equal inputs give equal outputs. */
  hash(secret: string): string;
  /** Constant-time comparison of `secret` against a stored `hash`. */
  matches(secret: string, hash: string): boolean;
}
