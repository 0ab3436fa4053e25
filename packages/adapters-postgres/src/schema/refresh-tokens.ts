import type { Timestamp } from './columns.js';

export interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Timestamp;
  rotated_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}
export interface RefreshTokensDatabase {
  refresh_tokens: RefreshTokenRow;
}
