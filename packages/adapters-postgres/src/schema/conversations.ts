import type { Timestamp } from './columns.js';

export interface ConversationRow {
  id: string;
  project_id: string;
  session_id: string | null;
  title: string;
  summary: string | null;
  summarized_message_count: number;
  message_count: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ConversationsDatabase {
  conversations: ConversationRow;
}
