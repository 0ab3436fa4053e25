import type { Source, TokenUsage } from '@chatbuddy/core';
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
}
export interface ConversationMessagesDatabase {
  conversation_messages: ConversationMessageRow;
}
