import type { Json, Timestamp } from './columns.js';

export interface SecurityEventRow {
  id: string;
  user_id: string | null;
  kind: string;
  details: Json<Record<string, string | number | boolean | null>>;
  created_at: Timestamp;
}
export interface SecurityEventsDatabase {
  security_events: SecurityEventRow;
}
