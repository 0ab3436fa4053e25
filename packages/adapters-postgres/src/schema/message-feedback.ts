import type { Timestamp } from './columns.js';

export interface MessageFeedbackRow {
  message_id: string;
  project_id: string;
  rating: string;
  comment: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface MessageFeedbackDatabase {
  message_feedback: MessageFeedbackRow;
}
