import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '@chatbuddy/core';

/** Random (v4) UUIDs from the operating system's CSPRNG. */
export class CryptoIdGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
