import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretHasher } from '@chatbuddy/core';

/**
 * HMAC-SHA256 of high-entropy secrets under a server key (a pepper): a leaked table of hashes
 * is useless without the key, and lookups stay deterministic.
 */
export class HmacSecretHasher implements SecretHasher {
  constructor(private readonly key: string) {
    if (key.length < 16) throw new Error('HmacSecretHasher needs a key of at least 16 characters');
  }

  hash(secret: string): string {
    return createHmac('sha256', this.key).update(secret, 'utf8').digest('hex');
  }

  matches(secret: string, hash: string): boolean {
    const expected = Buffer.from(this.hash(secret), 'hex');
    const actual = Buffer.from(hash, 'hex');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
