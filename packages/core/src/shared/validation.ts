import type { z } from 'zod';
import { DomainError } from './domain-error.js';

/** One problem with an input, in the shape the API returns under `error.details`. */
export interface InputIssue {
  path: string;
  message: string;
  code: string;
}

/** Parses input with a use case's schema; a failure becomes `invalid_input` with the issues. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: InputIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
  const first = issues[0];
  // zod's own messages may begin with the same words ("Invalid input: expected object…").
  const message = first
    ? `Invalid input${first.path ? ` at ${first.path}` : ''}: ${first.message.replace(/^Invalid input: /, '')}`
    : 'Invalid input';
  return failWith(new DomainError('invalid_input', message, { details: { issues } }));
}

function failWith(error: DomainError): never {
  throw error;
}
