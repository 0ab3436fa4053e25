import { contentHash } from '@chatbuddy/core';
import { contentHasherContract } from '@chatbuddy/core/testing';
import { describe, expect, it } from 'vitest';
import { NodeContentHasher } from './node-content-hasher.js';

contentHasherContract('NodeContentHasher', {
  makeSubject: () => new NodeContentHasher(),
  // FIPS 180-4 examples, and UTF-8 encoding of non-ASCII text.
  knownVectors: {
    '': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    abc: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq:
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ['a'.repeat(1_000_000)]: 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    'café 😀': '043764df773ac7ceea6175e1498893e6ee33e79885288417cc1d75cba6094827',
  },
});

describe('content hashes of documents', () => {
  it('stay the digests stored before hashing moved behind a port (duplicates still match)', () => {
    // Recorded with the former in-core SHA-256; documents in existing databases carry these.
    const hasher = new NodeContentHasher();
    expect(contentHash('# Refunds\r\n\r\n\r\nWithin 30 days.  \n', hasher)).toBe(
      'sha256:43aaba2f35b5ac43795cd29632cc3e3e5f672c3610c36ea5ae7658f9ca65bdc7',
    );
    expect(contentHash('Cafe\u0301 menu: crème brûlée 😀', hasher)).toBe(
      'sha256:33ec76f2454616b4ae491e39057288db8605bb7ffaaf5bb657dbc8915efb0346',
    );
    expect(contentHash('Shipping\n\nWe ship worldwide.', hasher)).toBe(
      'sha256:37f169df469a1a4fa8581a24c43956ffeb86953f5ccfd8ca802fe100fa81e0f8',
    );
  });
});
