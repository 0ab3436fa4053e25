import { createHash } from 'node:crypto';
import type { ContentHasher } from '@chatbuddy/core';

/** SHA-256 of the UTF-8 text, by node:crypto (OpenSSL). */
export class NodeContentHasher implements ContentHasher {
  hash(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex');
  }
}
