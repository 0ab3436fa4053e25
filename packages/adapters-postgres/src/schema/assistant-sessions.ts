import type { Timestamp } from './columns.js';

export interface AssistantSessionRow {
  id: string;
  project_id: string;
  state: string;
  name: string | null;
  email: string | null;
  lead_id: string | null;
  conversation_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface AssistantSessionsDatabase {
  assistant_sessions: AssistantSessionRow;
}
