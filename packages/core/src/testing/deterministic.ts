import type { IdGenerator } from '../ports/id-generator.port.js';
import type { PasswordHasher } from '../ports/password-hasher.port.js';
import type { SecretHasher } from '../ports/secret-hasher.port.js';
import type { SecureRandom } from '../ports/secure-random.port.js';

/** Ids `00000000-0000-4000-8000-000000000001`, `…002`, … in order. */
export class SequentialIdGenerator implements IdGenerator {
  private next = 1;
  newId(): string {
    const value = (this.next++).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${value}`;
  }
}

/** mulberry32: a small seeded generator of uint32 values (reproducible, not secure). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Reproducible numbers in [0, 1) for generated data and benchmarks. Never use for secrets. */
export function seededRandom(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

/** Seeded, reproducible stand-in for a CSPRNG (mulberry32). Never use outside tests. */
export class SeededRandom implements SecureRandom {
  private readonly nextUint32: () => number;

  constructor(seed = 42) {
    this.nextUint32 = mulberry32(seed);
  }

  token(byteLength: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const length = Math.ceil((byteLength * 4) / 3);
    let out = '';
    for (let index = 0; index < length; index++) out += alphabet[this.nextUint32() % 64];
    return out;
  }

  digits(length: number): string {
    let out = '';
    for (let index = 0; index < length; index++) out += String(this.nextUint32() % 10);
    return out;
  }
}

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
