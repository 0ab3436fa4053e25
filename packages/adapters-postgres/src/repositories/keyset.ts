import {
  decodeCursor,
  encodeCursor,
  invalidCursor,
  invalidInput,
  type Page,
  type PageRequest,
} from '@chatbuddy/core';
import { type RawBuilder, sql } from 'kysely';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be an id in a uuid column (anything else simply matches no row). */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/**
 * The keyset condition after `cursor` for rows ordered by (created_at, id), newest first or, with
 * `ascending`, oldest first; `table` qualifies the columns. True when there is no cursor.
 */
export function afterCursor(page: PageRequest, ascending = false, table?: string): RawBuilder<boolean> {
  if (!page.cursor) return sql<boolean>`true`;
  const position = decodeCursor(page.cursor);
  if (!position || !isUuid(position.id)) throw invalidCursor();
  const columns = table ? sql.raw(`(${table}.created_at, ${table}.id)`) : sql.raw('(created_at, id)');
  const operator = sql.raw(ascending ? '>' : '<');
  return sql<boolean>`${columns} ${operator} (${position.createdAt}::timestamptz, ${position.id}::uuid)`;
}

/** Rows fetched with `limit + 1` turned into a page with the next cursor. */
export function toPage<T extends { id: string; createdAt: Date }>(rows: T[], page: PageRequest): Page<T> {
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > page.limit && last
        ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}

/** Page size to fetch: one more row than asked, to know whether another page exists. */
export function fetchSize(page: PageRequest): number {
  if (!Number.isInteger(page.limit) || page.limit < 0) throw invalidInput('Invalid page limit');
  return page.limit + 1;
}
