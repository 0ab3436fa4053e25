import type { Defaulted, Timestamp } from './columns.js';

export interface AssistantLeadOtpRow {
  id: string;
  lead_id: string;
  session_id: string;
  code_hash: string;
  attempts: Defaulted<number>;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  created_at: Timestamp;
}
export interface AssistantLeadOtpsDatabase {
  assistant_lead_otps: AssistantLeadOtpRow;
}
