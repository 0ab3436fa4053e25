import { describe, expect, it } from 'vitest';
import { emailSchema, isCommonPassword, loginPasswordSchema, newPasswordSchema } from './password-policy.js';

describe('password policy', () => {
  it('accepts 8 to 128 code points of any Unicode, without truncating', () => {
    expect(newPasswordSchema.safeParse('correct horse').success).toBe(true);
    expect(newPasswordSchema.safeParse('🔐🚀'.repeat(4)).success).toBe(true);
    expect(newPasswordSchema.safeParse(`${'🔐🚀'.repeat(3)}🔐`).success).toBe(false);
    const longest = `${'ж'.repeat(127)}🚀`;
    expect(newPasswordSchema.parse(longest)).toBe(longest);
    expect(newPasswordSchema.safeParse(`${longest}x`).success).toBe(false);
    expect(loginPasswordSchema.safeParse(`${longest}x`).success).toBe(false);
  });

  it('normalises to NFC so composed and decomposed input are the same password', () => {
    expect(newPasswordSchema.parse('Cafe\u0301-au-lait')).toBe(newPasswordSchema.parse('Caf\u00e9-au-lait'));
    expect(loginPasswordSchema.parse('Cafe\u0301')).toBe('Caf\u00e9');
  });

  it('refuses the most common passwords whatever their case', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('PassWord')).toBe(true);
    expect(isCommonPassword('qwertyuiop')).toBe(true);
    expect(isCommonPassword('violet-otter-4-lamp')).toBe(false);
    const result = newPasswordSchema.safeParse('Password1');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/too common/);
  });

  it('refuses control characters, only spaces and one character repeated', () => {
    for (const password of [
      '\u0000'.repeat(8),
      ' '.repeat(8),
      '\t\t\t\t\t\t\t\t',
      'aaaaaaaa',
      '🔐'.repeat(8),
      'good pass\u0007word',
    ]) {
      const result = newPasswordSchema.safeParse(password);
      expect(result.success, JSON.stringify(password)).toBe(false);
    }
    expect(newPasswordSchema.safeParse('  spaced   words  ').success).toBe(true);
  });

  it('normalises emails', () => {
    expect(emailSchema.parse('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
    expect(emailSchema.safeParse('not-an-email').success).toBe(false);
  });
});
