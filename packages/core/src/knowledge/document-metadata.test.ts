import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../shared/validation.js';
import { documentMetadata, documentMetadataLimits } from './document-metadata.js';
import { uploadDocumentInput } from './use-cases/upload-document/upload-document.input.js';

const { keys, keyChars, jsonBytes } = documentMetadataLimits;
const withKeys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));
/** An object of one key whose JSON is exactly `bytes` long, its value made of `unit`. */
const ofJsonBytes = (bytes: number, unit = 'x') => {
  const overhead = JSON.stringify({ v: '' }).length;
  const unitBytes = new TextEncoder().encode(unit).byteLength;
  return { v: unit.repeat(Math.floor((bytes - overhead) / unitBytes)) };
};
const accepts = (value: unknown) => documentMetadata().safeParse(value).success;

describe('document metadata limits', () => {
  it('accept an object up to the limits and refuse one just past each', () => {
    expect(accepts(withKeys(keys))).toBe(true);
    expect(accepts(withKeys(keys + 1))).toBe(false);
    expect(accepts({ ['k'.repeat(keyChars)]: 1 })).toBe(true);
    expect(accepts({ ['k'.repeat(keyChars + 1)]: 1 })).toBe(false);
    expect(JSON.stringify(ofJsonBytes(jsonBytes)).length).toBe(jsonBytes);
    expect(accepts(ofJsonBytes(jsonBytes))).toBe(true);
    expect(accepts({ ...ofJsonBytes(jsonBytes), w: 1 })).toBe(false);
    // Bytes, not characters: 'é' is two bytes in UTF-8.
    expect(accepts(ofJsonBytes(jsonBytes, 'é'))).toBe(true);
    expect(accepts({ v: 'é'.repeat(jsonBytes / 2) })).toBe(false);
    // Nested objects count towards the bytes too.
    expect(accepts({ nested: withKeys(5_000) })).toBe(false);
    expect(accepts({ tags: ['a', 'b'], n: 1, nested: { ok: null } })).toBe(true);
  });

  it('refuse what is not a JSON object', () => {
    for (const value of ['text', 1, null, [1, 2], { at: new Date(0) }, { n: Number.NaN }]) {
      expect(accepts(value), String(value)).toBe(false);
    }
  });

  it('answer invalid_input at metadata, saying which limit, without echoing the keys', () => {
    const metadata = withKeys(40_000);
    let caught: any;
    try {
      parseInput(uploadDocumentInput, { content: 'x', metadata });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'invalid_input' });
    expect(caught.details.issues).toEqual([
      { path: 'metadata', message: `must have at most ${keys} keys (it has 40000)`, code: 'custom' },
    ]);
    expect(JSON.stringify(caught.details).length).toBeLessThan(200);
  });

  it('never let through an object whose JSON is over the byte limit', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 120 }), fc.jsonValue(), { maxKeys: 80 }), (value) => {
        const parsed = documentMetadata().safeParse(value);
        if (!parsed.success) return;
        expect(Object.keys(parsed.data).length).toBeLessThanOrEqual(keys);
        expect(new TextEncoder().encode(JSON.stringify(parsed.data)).byteLength).toBeLessThanOrEqual(
          jsonBytes,
        );
      }),
    );
  });
});
