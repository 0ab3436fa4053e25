import type { Json, Timestamp } from './columns.js';

export interface IdempotencyKeyRow {
  project_id: string;
  key: string;
  request_hash: string;
  state: string;
  response_status: number | null;
  response_body: Json<unknown> | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}
export interface IdempotencyKeysDatabase {
  idempotency_keys: IdempotencyKeyRow;
}
