/** Slow, salted password hashing (argon2id in production). */
export const PasswordHasher = Symbol.for('chatbuddy.PasswordHasher');
export interface PasswordHasher {
  /** A self-describing hash of `password` (algorithm, parameters and salt included). */
  hash(password: string): Promise<string>;
  /** Whether `password` matches `hash`; false (never an error) for a malformed hash. */
  verify(hash: string, password: string): Promise<boolean>;
  /** Whether `hash` was made with weaker parameters than the current policy. */
  needsRehash(hash: string): boolean;
  /** Spends the same time as a real verify, for unknown accounts (timing safety). */
  dummyVerify(password: string): Promise<void>;
}
