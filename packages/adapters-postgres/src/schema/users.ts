import type { Timestamp } from './columns.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  status: string;
  email_verified_at: Timestamp | null;
  tokens_valid_after: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface UsersDatabase {
  users: UserRow;
}
