import { z } from 'zod';
import { invalidInput, type DomainError } from './domain-error.js';

/** Position of a row in a list ordered by creation time, newest first (ties broken by id). */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Instants a cursor may name: 1970-01-01 to the end of 9999. Every row is created within them, and
 * every store compares them (JavaScript dates reach year 275760, PostgreSQL timestamps do not).
 */
const earliestCursorTime = Date.UTC(1970, 0, 1);
const latestCursorTime = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Encodes a keyset position; adapters share it so cursors stay portable between stores. */
export function encodeCursor(position: CursorPosition): string {
  return btoa(JSON.stringify([position.createdAt, position.id]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/**
 * Decodes a cursor made by `encodeCursor`: a canonical ISO-8601 UTC instant within the cursor range
 * and a UUID. Anything else yields null (treated as invalid input).
 */
export function decodeCursor(cursor: string): CursorPosition | null {
  try {
    const json = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value;
    if (typeof createdAt !== 'string' || typeof id !== 'string' || !uuidPattern.test(id)) return null;
    const time = Date.parse(createdAt);
    if (!(time >= earliestCursorTime && time <= latestCursorTime)) return null;
    // Only the form `encodeCursor` is given, so a store never has to guess what a date string means.
    if (new Date(time).toISOString() !== createdAt) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}

const invalidCursorMessage = 'Invalid cursor: pass the nextCursor of the previous page unchanged';

/** The `invalid_input` error for a cursor that is not a `nextCursor`, pointing at `cursor`. */
export function invalidCursor(): DomainError {
  return invalidInput(invalidCursorMessage, {
    issues: [{ path: 'cursor', message: invalidCursorMessage, code: 'custom' }],
  });
}

/** The `cursor` of a list's input: a `nextCursor` of that list; empty means the first page. */
export const pageCursor = z
  .string()
  .max(500)
  .refine((cursor) => cursor === '' || decodeCursor(cursor) !== null, { message: invalidCursorMessage });
