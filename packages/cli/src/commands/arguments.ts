import { DomainError } from '@chatbuddy/core';

const badNumber = (flag: string, value: string, expected: string) =>
  new DomainError('invalid_input', `${flag} must be ${expected} (got "${value}")`, {
    details: { issues: [{ path: flag, message: `must be ${expected}`, code: 'invalid_type' }] },
  });

/**
 * Parses a whole-number option, at least `min` (0 unless given) and at most `max` when given;
 * `invalid_input` naming the flag otherwise. Signs, fractions, exponents and words are refused.
 */
export function integerOption(
  flag: string,
  value: string | undefined,
  range: { min?: number; max?: number } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const { min = 0, max } = range;
  const expected =
    max !== undefined
      ? `a whole number from ${min} to ${max}`
      : min === 1
        ? 'a positive whole number'
        : `a whole number, ${min} or more`;
  if (!/^\s*\d+\s*$/.test(value)) throw badNumber(flag, value, expected);
  const number = Number.parseInt(value, 10);
  if (number < min || (max !== undefined && number > max)) throw badNumber(flag, value, expected);
  return number;
}

/** A whole-number option of at least 1 (counts, page sizes). */
export const positiveIntegerOption = (flag: string, value: string | undefined) =>
  integerOption(flag, value, { min: 1 });

/** Validates a project id argument (a UUID) before it reaches the database. */
export function projectIdArgument(projectId: string): string {
  const trimmed = projectId.trim().toLowerCase();
  if (!uuidPattern.test(trimmed)) {
    throw new DomainError(
      'invalid_input',
      `"${projectId}" is not a project id (a UUID; see chatbuddy projects list)`,
      {
        details: { issues: [{ path: 'projectId', message: 'must be a UUID', code: 'invalid_format' }] },
      },
    );
  }
  return trimmed;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
