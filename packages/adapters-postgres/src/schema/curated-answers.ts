import type { Json, Timestamp } from './columns.js';

export interface CuratedAnswerRow {
  id: string;
  project_id: string;
  question: string;
  answer: string;
  alternative_questions: Json<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CuratedAnswersDatabase {
  curated_answers: CuratedAnswerRow;
}
