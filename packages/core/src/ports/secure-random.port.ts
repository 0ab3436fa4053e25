/** Cryptographically secure randomness for keys, tokens and one-time codes. */
export const SecureRandom = Symbol.for('chatbuddy.SecureRandom');
export interface SecureRandom {
  /** `byteLength` random bytes encoded as base64url without padding. */
  token(byteLength: number): string;
  /** A string of `length` random decimal digits, uniformly distributed (no modulo bias). */
  digits(length: number): string;
}
