import type { Defaulted, Timestamp } from './columns.js';

export interface AssistantLeadRow {
  id: string;
  project_id: string;
  name: string;
  email: string;
  verified_at: Timestamp | null;
  messages_used: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface AssistantLeadsDatabase {
  assistant_leads: AssistantLeadRow;
}
