import { randomBytes, randomInt } from 'node:crypto';
import type { SecureRandom } from '@chatbuddy/core';

/** Randomness from the operating system's CSPRNG. */
export class CryptoSecureRandom implements SecureRandom {
  token(byteLength: number): string {
    return randomBytes(byteLength).toString('base64url');
  }

  digits(length: number): string {
    let out = '';
    // randomInt draws without modulo bias.
    for (let index = 0; index < length; index++) out += String(randomInt(0, 10));
    return out;
  }
}
