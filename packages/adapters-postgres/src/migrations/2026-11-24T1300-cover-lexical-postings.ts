import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * A covering index for BM25 queries: postings of a lexeme are read from the index alone
 * (index-only scan once the table is vacuumed) instead of one heap page per posting.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create index lexical_postings_lexeme_idx on lexical_postings (project_id, lexeme)
      include (chunk_id, document_id, tf, chunk_length)`,
  ]);
}
