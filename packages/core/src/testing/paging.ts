import type { Page, PageRequest } from '../shared/common.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../shared/cursor.js';

interface Keyed {
  id: string;
  createdAt: Date;
}

/** Keyset pagination over rows sorted newest first (or oldest first with `ascending`). */
export function paginate<T extends Keyed>(rows: T[], page: PageRequest, ascending = false): Page<T> {
  const direction = ascending ? 1 : -1;
  const sorted = [...rows].sort(
    (a, b) =>
      direction * (a.createdAt.getTime() - b.createdAt.getTime()) || direction * a.id.localeCompare(b.id),
  );
  let start = 0;
  if (page.cursor) {
    const position = decodeCursor(page.cursor);
    if (!position) throw invalidCursor();
    const at = new Date(position.createdAt).getTime();
    start = sorted.findIndex((row) => {
      const delta = direction * (row.createdAt.getTime() - at);
      return delta > 0 || (delta === 0 && direction * row.id.localeCompare(position.id) > 0);
    });
    if (start === -1) start = sorted.length;
  }
  const items = sorted.slice(start, start + page.limit);
  const last = items.at(-1);
  const hasMore = start + page.limit < sorted.length;
  return {
    items,
    nextCursor:
      hasMore && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
