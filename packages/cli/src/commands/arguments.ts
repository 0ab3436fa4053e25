import { DomainError } from '@chatbuddy/core';

/** Parses a whole-number option; `invalid_input` naming the flag otherwise. */
export function integerOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*-?\d+\s*$/.test(value)) {
    throw new DomainError('invalid_input', `${flag} must be a whole number (got "${value}")`, {
      details: { issues: [{ path: flag, message: 'must be a whole number', code: 'invalid_type' }] },
    });
  }
  return Number.parseInt(value, 10);
}

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
