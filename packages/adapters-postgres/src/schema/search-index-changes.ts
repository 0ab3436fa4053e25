import type { ColumnType } from 'kysely';

/** Per-project generation of the search data: bumped by every write of postings or vectors. */
export interface SearchIndexGenerationRow {
  project_id: string;
  generation: number;
}

/** One write of a project's search data: the documents it touched (null: the whole project). */
export interface SearchIndexChangeRow {
  project_id: string;
  generation: number;
  document_ids: string[] | null;
  changed_at: ColumnType<Date, Date | undefined, never>;
}

export interface SearchIndexChangesDatabase {
  search_index_generations: SearchIndexGenerationRow;
  search_index_changes: SearchIndexChangeRow;
}
