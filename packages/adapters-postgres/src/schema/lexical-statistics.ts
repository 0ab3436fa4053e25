/** Per-project collection statistics of the BM25 index (chunk count and total length). */
export interface LexicalStatisticsRow {
  project_id: string;
  chunk_count: number;
  total_length: number;
}
export interface LexicalStatisticsDatabase {
  lexical_statistics: LexicalStatisticsRow;
}
