/** Ids are UUID strings; the aliases document which entity an id belongs to. */
export type UserId = string;
export type ProjectId = string;
export type ApiKeyId = string;
export type DocumentId = string;
export type ChunkId = string;
export type ConversationId = string;
export type MessageId = string;
export type LeadId = string;
export type SessionId = string;

/** Keyset pagination request: `cursor` is the opaque `nextCursor` of the previous page. */
export interface PageRequest {
  limit: number;
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor of the next page, or null on the last page. */
  nextCursor: string | null;
}

/** Position of a row in a list ordered by creation time, newest first (ties broken by id). */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/** Encodes a keyset position; adapters share it so cursors stay portable between stores. */
export function encodeCursor(position: CursorPosition): string {
  return btoa(JSON.stringify([position.createdAt, position.id]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** Decodes a cursor made by `encodeCursor`; anything else yields null (treated as invalid input). */
export function decodeCursor(cursor: string): CursorPosition | null {
  try {
    const json = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value;
    if (typeof createdAt !== 'string' || typeof id !== 'string') return null;
    if (Number.isNaN(Date.parse(createdAt))) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Metadata = Record<string, JsonValue>;
