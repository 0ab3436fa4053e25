/**
 * One chunk's BM25 terms: its lexemes, their term frequencies in the same order, and its analysed
 * length (the sum of the frequencies).
 */
export interface LexicalChunkTermsRow {
  chunk_id: string;
  project_id: string;
  document_id: string;
  chunk_length: number;
  lexemes: string[];
  tfs: number[];
}
export interface LexicalChunkTermsDatabase {
  lexical_chunk_terms: LexicalChunkTermsRow;
}
