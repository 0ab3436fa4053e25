import type { Timestamp } from './columns.js';

export interface ApiKeyRow {
  id: string;
  project_id: string;
  kind: string;
  prefix: string;
  key_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
export interface ApiKeysDatabase {
  api_keys: ApiKeyRow;
}
