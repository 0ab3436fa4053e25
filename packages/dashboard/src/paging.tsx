// Cursor pages of a list: the cursors seen so far let the reader go back.
import { useEffect, useState } from 'preact/hooks';
import type { Page } from './api.js';

export interface Paged<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  pageNumber: number;
  hasNext: boolean;
  next(): void;
  previous(): void;
  reload(): void;
  setItems(update: (items: T[]) => T[]): void;
}

/** Loads a page of `load` and reloads from the first page when a dependency changes. */
export function usePaged<T>(
  load: (cursor: string | null) => Promise<Page<T>>,
  dependencies: unknown[],
): Paged<T> {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<T>>({ items: [], nextCursor: null });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => setCursors([null]), dependencies);
  const cursor = cursors[cursors.length - 1] ?? null;
  useEffect(() => {
    let live = true;
    setLoading(true);
    load(cursor)
      .then((result) => {
        if (live) {
          setPage(result);
          setError(null);
        }
      })
      .catch((caught) => live && setError(caught))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [cursor, tick, ...dependencies]);
  return {
    items: page.items,
    loading,
    error,
    pageNumber: cursors.length,
    hasNext: page.nextCursor !== null,
    next: () => page.nextCursor && setCursors([...cursors, page.nextCursor]),
    previous: () => cursors.length > 1 && setCursors(cursors.slice(0, -1)),
    reload: () => setTick((value) => value + 1),
    setItems: (update) => setPage((current) => ({ ...current, items: update(current.items) })),
  };
}

/** Previous / next buttons of a paged list, with the page number. */
export function Pager({ paged, label }: { paged: Paged<unknown>; label: string }) {
  if (paged.pageNumber === 1 && !paged.hasNext) return null;
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={paged.previous} disabled={paged.pageNumber === 1}>
        Previous page
      </button>
      <span>Page {paged.pageNumber}</span>
      <button type="button" onClick={paged.next} disabled={!paged.hasNext}>
        Next page
      </button>
    </nav>
  );
}
