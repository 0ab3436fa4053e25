import fc from 'fast-check';

/** Characters a database cannot store as text: NUL and UTF-16 surrogates without their pair. */
export const unstorableCharacter = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\udc00\ud800',
);

/** Well-formed text with at least one unstorable character somewhere in it. */
export const unstorableText = fc
  .tuple(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    unstorableCharacter,
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  )
  .map(([before, bad, after]) => `${before}${bad}${after}`);
