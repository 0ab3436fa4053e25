import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash, normaliseForHash } from './content-hash.js';
import { sha256Hex } from './sha256.js';

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex('a'.repeat(1_000_000))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('hashes strings as UTF-8 and agrees with the byte form', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(sha256Hex(text)).toBe(sha256Hex(new TextEncoder().encode(text)));
      }),
      { numRuns: 50 },
    );
    expect(sha256Hex('café 😀')).toBe('043764df773ac7ceea6175e1498893e6ee33e79885288417cc1d75cba6094827');
  });
});

describe('contentHash', () => {
  it('ignores cosmetic differences but not wording', () => {
    const original = 'Refunds\n\nWithin 30 days.';
    expect(contentHash('  Refunds  \r\n\r\n\r\n\r\nWithin 30 days.\n')).toBe(contentHash(original));
    expect(contentHash('Cafe\u0301')).toBe(contentHash('Café'));
    expect(contentHash('Refunds\n\nWithin 31 days.')).not.toBe(contentHash(original));
    expect(contentHash(original)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('normalising twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        expect(normaliseForHash(normaliseForHash(text))).toBe(normaliseForHash(text));
      }),
      { numRuns: 100 },
    );
  });
});
