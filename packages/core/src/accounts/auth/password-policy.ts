import { z } from 'zod';
import { storedText } from '../../shared/stored-text.js';
import { commonPasswordsText } from './common-passwords.data.js';

/** Length bounds of a password, in Unicode code points (not UTF-16 units, not bytes). */
export const passwordLength = { min: 8, max: 128 } as const;

let commonPasswords: Set<string> | null = null;

/** Whether `password` is one of the most common passwords (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(commonPasswordsText.split('\n'));
  return commonPasswords.has(password.toLowerCase());
}

function codePoints(value: string): number {
  return [...value].length;
}

/**
 * A password as typed at login: any Unicode, normalised to NFC so the same password typed on
 * two keyboards hashes the same, never truncated. Only the upper bound is checked here, so
 * that a policy change never locks out an existing account.
 */
export const loginPasswordSchema = z
  .string()
  .min(1, 'Password is required')
  .refine((value) => codePoints(value) <= passwordLength.max, {
    message: `Password must be at most ${passwordLength.max} characters`,
  })
  .transform((value) => value.normalize('NFC'));

/**
 * A new password: 8–128 characters of any Unicode but control characters, not only spaces nor one
 * character repeated, and not one of the most common passwords.
 */
export const newPasswordSchema = z
  .string()
  .transform((value) => value.normalize('NFC'))
  .check((context) => {
    const length = codePoints(context.value);
    if (length < passwordLength.min || length > passwordLength.max) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        message: `Password must be between ${passwordLength.min} and ${passwordLength.max} characters`,
      });
    } else if (/[\u0000-\u001f\u007f]/.test(context.value)) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        message: 'Password must not contain control characters',
      });
    } else if (new Set(context.value).size === 1 || context.value.trim() === '') {
      // Eight spaces, or one key held down, is no secret (NIST SP 800-63B's repetitive passwords).
      context.issues.push({
        code: 'custom',
        input: context.value,
        message: 'Password must not be one character repeated or only spaces',
      });
    } else if (isCommonPassword(context.value)) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        message: 'This password is too common; choose one that is harder to guess',
      });
    }
  });

/** An email address, normalised (trimmed, lower-cased). */
export const emailSchema = storedText()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Must be a valid email address' }));
