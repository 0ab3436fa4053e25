import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createProjectInput } from '../projects/use-cases/create-project/create-project.input.js';
import { updateProjectInput } from '../projects/use-cases/update-project/update-project.input.js';
import { unstorableText } from '../testing/unstorable-text.js';
import { askQuestionInput } from '../assistant/use-cases/ask-question/ask-question.input.js';
import { createUserInput } from '../accounts/use-cases/create-user/create-user.input.js';
import { registerUserInput } from '../accounts/use-cases/register-user/register-user.input.js';
import { replaceDocumentInput } from '../knowledge/use-cases/replace-document/replace-document.input.js';
import { uploadDocumentInput } from '../knowledge/use-cases/upload-document/upload-document.input.js';
import { uploadDocumentFileInput } from '../knowledge/use-cases/upload-document-file/upload-document-file.input.js';
import { isStorableText, storedMetadata, storedText } from './stored-text.js';

const documentId = '00000000-0000-4000-8000-000000000001';
const password = 'correct horse battery staple 42';

/** Each input schema with a stored string field, and a valid input with `text` put in that field. */
const storedFields: Array<[string, z.ZodType, (text: string) => unknown]> = [
  ['chat message', askQuestionInput, (text) => ({ message: `hi ${text}` })],
  ['document content', uploadDocumentInput, (text) => ({ content: `x ${text}` })],
  ['document title', uploadDocumentInput, (text) => ({ content: 'x', title: `t ${text}` })],
  ['metadata key', uploadDocumentInput, (text) => ({ content: 'x', metadata: { [text]: 1 } })],
  ['metadata value', uploadDocumentInput, (text) => ({ content: 'x', metadata: { k: [{ v: text }] } })],
  ['replaced content', replaceDocumentInput, (text) => ({ documentId, content: `x ${text}` })],
  [
    'file title',
    uploadDocumentFileInput,
    (text) => ({ filename: 'a.txt', bytes: new Uint8Array(), title: `t${text}` }),
  ],
  ['file name', uploadDocumentFileInput, (text) => ({ filename: `a${text}.txt`, bytes: new Uint8Array() })],
  ['project name', createProjectInput, (text) => ({ name: `p ${text}` })],
  ['system prompt', createProjectInput, (text) => ({ name: 'p', systemPrompt: text })],
  ['model', updateProjectInput, (text) => ({ modelConfig: { model: `m${text}` } })],
  ['welcome message', updateProjectInput, (text) => ({ assistant: { welcomeMessage: text } })],
  ['user name', registerUserInput, (text) => ({ email: 'a@b.example', password, name: `n ${text}` })],
  ['created user name', createUserInput, (text) => ({ email: 'a@b.example', password, name: `n ${text}` })],
  ['email', createUserInput, (text) => ({ email: `a${text}@b.example`, password })],
];

describe('storedText', () => {
  it('accepts well-formed text and refuses NUL and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(storedText().safeParse(text).success).toBe(!text.includes('\u0000'));
      }),
    );
    fc.assert(
      fc.property(unstorableText, (text) => {
        expect(isStorableText(text)).toBe(false);
        expect(storedText().safeParse(text).success).toBe(false);
        expect(storedMetadata().safeParse({ note: text }).success).toBe(false);
      }),
    );
    expect(storedMetadata().safeParse({ tags: ['é', '😀'], n: 1, nested: { ok: null } }).success).toBe(true);
  });

  it('refuses exactly the texts with a NUL or a surrogate without its pair', () => {
    const storable = (text: string): boolean => {
      for (let index = 0; index < text.length; index++) {
        const unit = text.charCodeAt(index);
        if (unit === 0) return false;
        if (unit >= 0xdc00 && unit <= 0xdfff) return false;
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const next = text.charCodeAt(index + 1);
          if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
          index++;
        }
      }
      return true;
    };
    const unit = fc.oneof(
      fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '😀', 'é', 'a', ' '),
      fc.string({ unit: 'binary', maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = units.join('');
        expect(isStorableText(text)).toBe(storable(text));
        // A long text outside Latin-1 (stored as two-byte characters) is decided the same way.
        expect(isStorableText(`${'–'.repeat(2000)}${text}`)).toBe(storable(text));
      }),
      { numRuns: 2000 },
    );
    expect(isStorableText('😀 – ü')).toBe(true);
    expect(isStorableText('\udc00\ud800')).toBe(false);
  });

  it('is used by every input schema that stores a string', () => {
    for (const [field, schema, put] of storedFields) {
      expect(schema.safeParse(put('plain')).success, field).toBe(true);
      fc.assert(
        fc.property(unstorableText, (text) => {
          expect(schema.safeParse(put(text)).success, field).toBe(false);
        }),
        { numRuns: 30 },
      );
    }
  });
});
