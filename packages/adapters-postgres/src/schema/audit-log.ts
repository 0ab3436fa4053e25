import type { Json, Timestamp } from './columns.js';

export interface AuditLogRow {
  id: string;
  action: string;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  client_ip: string | null;
  details: Json<Record<string, string | number | boolean | null>>;
  created_at: Timestamp;
}
export interface AuditLogDatabase {
  audit_log: AuditLogRow;
}
