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

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Metadata = Record<string, JsonValue>;
