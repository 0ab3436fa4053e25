import type { Defaulted, Timestamp } from './columns.js';

export interface OtpRow {
  id: string;
  user_id: string;
  purpose: string;
  code_hash: string;
  attempts: Defaulted<number>;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  created_at: Timestamp;
}
export interface OtpsDatabase {
  otps: OtpRow;
}
