import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../schema/index.js';

/**
 * Records a write of a project's search data (postings or vectors) in the change feed: bumps the
 * project's generation and appends the documents touched (`null`: every document). Run it in the
 * transaction of the write, so the feed and the data commit together. The generation row is
 * locked until commit, so a project's generations become visible in order, without gaps.
 * A project that no longer exists records nothing.
 */
export async function recordSearchChange(
  db: Kysely<Database>,
  projectId: string,
  documentIds: readonly string[] | null,
): Promise<void> {
  await sql`with ${changeFeedEntry(projectId, documentIds)} select 1`.execute(db);
}

/**
 * The writes of `recordSearchChange` as two parts of a `with` clause (`bumped`, `recorded`), so
 * a statement that writes search data can record its change itself, in one round trip. With
 * `when`, only if that condition holds.
 */
export function changeFeedEntry(
  projectId: string,
  documentIds: readonly string[] | null,
  when?: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`bumped as (
      insert into search_index_generations as g (project_id, generation)
      select id, 1 from projects where id = ${projectId}::uuid${when ? sql` and ${when}` : sql``}
      on conflict (project_id) do update set generation = g.generation + 1
      returning generation),
    recorded as (
      insert into search_index_changes (project_id, generation, document_ids)
      select ${projectId}::uuid, generation, ${documentIds ? [...new Set(documentIds)] : null}::uuid[]
      from bumped)`;
}

/** One entry of the feed. */
export interface SearchChange {
  generation: number;
  /** Documents whose search data changed; null when the whole project must be read again. */
  documentIds: string[] | null;
}

/** Reads the change feed (see `recordSearchChange`). */
export class SearchChangeFeed {
  constructor(private readonly db: Kysely<Database>) {}

  /** The project's current generation; null when nothing was ever recorded (or no project). */
  async generation(projectId: string): Promise<number | null> {
    const row = await this.db
      .selectFrom('search_index_generations')
      .select('generation')
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return row ? Number(row.generation) : null;
  }

  /** Changes after `generation`, oldest first. */
  async changesSince(projectId: string, generation: number, limit: number): Promise<SearchChange[]> {
    const rows = await this.db
      .selectFrom('search_index_changes')
      .select(['generation', 'document_ids'])
      .where('project_id', '=', projectId)
      .where('generation', '>', generation)
      .orderBy('generation')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ generation: Number(row.generation), documentIds: row.document_ids }));
  }

  /** Drops entries older than `before`, keeping each project's newest (maintenance). */
  async prune(before: Date): Promise<void> {
    await sql`
      delete from search_index_changes c
      where c.changed_at < ${before}
        and c.generation < (select g.generation from search_index_generations g
                            where g.project_id = c.project_id)`.execute(this.db);
  }
}
