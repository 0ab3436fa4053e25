import type { PasswordHasher } from '../ports/password-hasher.port.js';

/** Reversible, instant stand-in for argon2. `weak:` hashes report `needsRehash`. */
export class FakePasswordHasher implements PasswordHasher {
  readonly verifications: string[] = [];

  async hash(password: string): Promise<string> {
    return `fake:${password}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    this.verifications.push(password);
    return hash === `fake:${password}` || hash === `weak:${password}`;
  }

  needsRehash(hash: string): boolean {
    return hash.startsWith('weak:');
  }

  async dummyVerify(password: string): Promise<void> {
    this.verifications.push(password);
  }
}
