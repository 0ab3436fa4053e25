import { protocol } from '@electric-sql/pglite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindMessage } from './bind-message.js';

const value = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 3000 }),
  fc.uint8Array({ maxLength: 600 }),
  fc.constant(null),
);

describe('bindMessage', () => {
  it("writes the same bytes as PGlite's own serializer, for any values", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z_0-9]{0,20}$/),
        fc.array(value, { maxLength: 40 }),
        (name, values) => {
          const ours = bindMessage(name, values);
          const theirs = protocol.serialize.bind({ statement: name, values });
          expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes the messages sent with it before and after it, in one buffer', () => {
    const before = protocol.serialize.query('begin');
    const after = new Uint8Array([...protocol.serialize.execute({}), ...protocol.serialize.sync()]);
    const values = ['one', null, new Uint8Array([1, 2, 3]), 'zwei'];
    const expected = [...before, ...protocol.serialize.bind({ statement: 's2', values }), ...after];
    expect([...bindMessage('s2', values, { before, after })]).toEqual(expected);
    expect([...bindMessage('s2', values, { after })]).toEqual(expected.slice(before.length));
  });

  it('declares the length it writes for text that is not well-formed (a lone surrogate is U+FFFD)', () => {
    const message = Buffer.from(bindMessage('s', ['a\udc00é', '\ud800']));
    expect(message.readInt32BE(1)).toBe(message.length - 1);
    // 1 + 4 + 1 + 2 + 2 + 2 × 2 + 2, then each value's length and bytes, then 2.
    expect(message.readInt32BE(16)).toBe(1 + 3 + 2);
    expect(message.subarray(20, 26)).toEqual(Buffer.from('a\ufffdé'));
    expect(message.readInt32BE(26)).toBe(3);
  });
});
