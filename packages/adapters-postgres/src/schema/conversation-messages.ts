import type { Source, TokenUsage } from '@chatbuddy/core';
import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from './columns.js';

export interface ConversationMessageRow {
  id: string;
  conversation_id: string;
  project_id: string;
  role: string;
  content: string;
  sources: Json<Source[]>;
  answered: boolean | null;
  confidence: number | null;
  usage: Json<TokenUsage> | null;
  created_at: Timestamp;
  /** Answers: the normalised key of their question, set by a trigger on insert (read-only). */
  question_key: ColumnType<string | null, never, never>;
}
export interface ConversationMessagesDatabase {
  conversation_messages: ConversationMessageRow;
}
