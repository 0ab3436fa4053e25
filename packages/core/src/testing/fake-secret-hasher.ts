import type { SecretHasher } from '../ports/secret-hasher.port.js';

/** FNV-1a based stand-in for a keyed hash. Never use outside tests. */
export class FakeSecretHasher implements SecretHasher {
  hash(secret: string): string {
    let first = 0x811c9dc5;
    let second = 0x01000193;
    for (const char of secret) {
      const code = char.codePointAt(0)!;
      first = Math.imul(first ^ code, 0x01000193) >>> 0;
      second = Math.imul(second ^ code ^ first, 0x85ebca6b) >>> 0;
    }
    return `fake:${secret.length}:${first.toString(16)}${second.toString(16)}`;
  }

  matches(secret: string, hash: string): boolean {
    return this.hash(secret) === hash;
  }
}
