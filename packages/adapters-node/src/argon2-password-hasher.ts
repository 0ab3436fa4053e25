import { randomBytes } from 'node:crypto';
import type { PasswordHasher } from '@chatbuddy/core';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** Argon2id cost parameters (memory in KiB). */
export interface Argon2Policy {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  outputLen: number;
}

/**
 * OWASP's minimum for argon2id (m = 19 MiB, t = 2, p = 1), always passed explicitly: the
 * library's defaults are not part of our contract (its own comments have misstated them).
 */
export const argon2MinimumPolicy: Argon2Policy = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
};

// `Algorithm` is a const enum, which isolated modules cannot read at run time: 2 is Argon2id.
const argon2id = 2 as Algorithm;
const version0x13 = 19;
const phc = /^\$argon2(id|i|d)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** The parameters recorded in an argon2 PHC string, or null when it is not one. */
export function parseArgon2Hash(encoded: string): {
  variant: string;
  version: number;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  outputLen: number;
} | null {
  const match = phc.exec(encoded);
  if (!match) return null;
  const [, variant, version, memory, time, lanes, , digest] = match;
  return {
    variant: variant!,
    version: Number(version),
    memoryCost: Number(memory),
    timeCost: Number(time),
    parallelism: Number(lanes),
    outputLen: Math.floor((digest!.length * 3) / 4),
  };
}

/** Passwords hashed with argon2id (`@node-rs/argon2`), parameters set explicitly. */
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly policy: Argon2Policy;
  private dummyHash: Promise<string> | null = null;

  constructor(policy: Partial<Argon2Policy> = {}) {
    this.policy = { ...argon2MinimumPolicy, ...policy };
    const { memoryCost, timeCost, parallelism } = this.policy;
    if (
      memoryCost < argon2MinimumPolicy.memoryCost ||
      timeCost < argon2MinimumPolicy.timeCost ||
      parallelism < 1
    ) {
      throw new Error('Argon2 policy is below the OWASP minimum (m >= 19456 KiB, t >= 2, p >= 1)');
    }
  }

  async hash(password: string): Promise<string> {
    return hash(password, { ...this.policy, algorithm: argon2id });
  }

  async verify(encoded: string, password: string): Promise<boolean> {
    if (!parseArgon2Hash(encoded)) return false;
    try {
      return await verify(encoded, password);
    } catch {
      return false;
    }
  }

  needsRehash(encoded: string): boolean {
    const parsed = parseArgon2Hash(encoded);
    if (!parsed) return true;
    return (
      parsed.variant !== 'id' ||
      parsed.version !== version0x13 ||
      parsed.memoryCost < this.policy.memoryCost ||
      parsed.timeCost < this.policy.timeCost ||
      parsed.parallelism !== this.policy.parallelism ||
      parsed.outputLen < this.policy.outputLen
    );
  }

  async dummyVerify(password: string): Promise<void> {
    // A hash of a random password under the current policy: verifying against it costs exactly
    // what a real verification costs, and never succeeds.
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummyHash, password);
  }
}
