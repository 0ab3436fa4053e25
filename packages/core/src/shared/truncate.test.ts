import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableText } from './stored-text.js';
import { ellipsise, truncateText, truncateTextStart } from './truncate.js';

const text = fc
  .array(fc.constantFrom('a', 'é', '😀', '中', '👩‍👩‍👧', ' '), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('truncating user text', () => {
  it('property: never leaves half a surrogate pair, and cuts at most one code unit more than asked', () => {
    fc.assert(
      fc.property(text, fc.nat(130), (value, length) => {
        for (const cut of [truncateText(value, length), truncateTextStart(value, length)]) {
          expect(isStorableText(cut)).toBe(true);
          expect(cut.length).toBeLessThanOrEqual(length);
          expect(cut.length).toBeGreaterThanOrEqual(Math.min(value.length, length) - 1);
        }
        expect(value.startsWith(truncateText(value, length))).toBe(true);
        expect(value.endsWith(truncateTextStart(value, length))).toBe(true);
        const short = ellipsise(value, Math.max(1, length));
        expect(isStorableText(short)).toBe(true);
        expect(short.length).toBeLessThanOrEqual(Math.max(1, length));
      }),
    );
  });

  it('keeps whole pairs and marks a cut with an ellipsis', () => {
    expect(truncateText('😀😀', 3)).toBe('😀');
    expect(truncateText('😀😀', 2)).toBe('😀');
    expect(truncateTextStart('😀😀', 3)).toBe('😀');
    expect(ellipsise('😀'.repeat(100), 80)).toBe(`${'😀'.repeat(39)}…`);
    expect(ellipsise('short', 80)).toBe('short');
  });
});
