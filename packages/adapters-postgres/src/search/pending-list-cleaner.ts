import type { Logger, UnitOfWork } from '@chatbuddy/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/index.js';

/** The GIN index on the BM25 terms' lexemes (the SQL search path's index). */
export const lexemeIndex = 'lexical_chunk_terms_lexemes_idx';

/**
 * Merges the lexeme index's pending list once term writes have been quiet for `idleMs`, as
 * PostgreSQL's autovacuum would (decision 0038).
 *
 * A GIN index takes new entries into a pending list and merges them into its tree when the list
 * passes `gin_pending_list_limit`, inside whichever insert passed it. PGlite has no autovacuum
 * and one connection, so on the embedded database that merge (about 1.7 ms of a 16 KB document's
 * upload) ran inside uploads. It starts with a larger limit (`pgliteSettings`) and merges here
 * instead, between uploads; `maintain()`'s vacuum merges it too.
 */
export class PendingListCleaner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly idleMs: number,
    private readonly logger?: Logger,
  ) {}

  /** Term rows were committed: the merge waits until `idleMs` pass without another. */
  written(): void {
    if (this.closed) return;
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.clean().finally(() => {
        this.running = null;
      });
    }, this.idleMs);
    this.timer.unref();
  }

  /** Stops waiting; a merge under way is awaited (the database closes after it). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async clean(): Promise<void> {
    try {
      await sql`select gin_clean_pending_list(${lexemeIndex}::regclass)`.execute(this.db);
    } catch (error) {
      // The entries stay pending, and searches still find them; the next merge or vacuum takes them.
      this.logger?.warn('the lexeme index could not be merged', { error });
    }
  }
}

/**
 * `inner`, telling `cleaner` after each committed transaction that replaced a document's chunk
 * rows (and so wrote term rows).
 */
export function cleaningAfterTermWrites(inner: UnitOfWork, cleaner: PendingListCleaner): UnitOfWork {
  return {
    run: async (work) => {
      let wroteTerms = false;
      const result = await inner.run((repositories) => {
        const { documents } = repositories;
        const noticing: typeof documents = Object.create(documents);
        noticing.replaceChunks = (...args) => {
          wroteTerms = true;
          return documents.replaceChunks(...args);
        };
        return work({ ...repositories, documents: noticing });
      });
      if (wroteTerms) cleaner.written();
      return result;
    },
  };
}
