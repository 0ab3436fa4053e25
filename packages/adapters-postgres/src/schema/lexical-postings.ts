/** One (chunk, lexeme) pair of the BM25 inverted index; `chunk_length` is denormalised for scoring. */
export interface LexicalPostingRow {
  project_id: string;
  lexeme: string;
  chunk_id: string;
  document_id: string;
  tf: number;
  chunk_length: number;
}
export interface LexicalPostingsDatabase {
  lexical_postings: LexicalPostingRow;
}
