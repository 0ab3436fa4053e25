import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** Dashboard accounts: users, their security log, email OTPs and refresh tokens. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table users (
      id uuid primary key,
      email text not null constraint users_email_key unique,
      name text not null,
      password_hash text not null,
      role text not null check (role in ('admin', 'user')),
      status text not null check (status in ('active', 'disabled')),
      email_verified_at timestamptz,
      tokens_valid_after timestamptz not null,
      created_at timestamptz not null,
      updated_at timestamptz not null)`,
    'create index users_created_idx on users (created_at desc, id desc)',
    `create table security_events (
      id uuid primary key,
      user_id uuid references users (id) on delete cascade,
      kind text not null,
      details jsonb not null,
      created_at timestamptz not null)`,
    'create index security_events_user_idx on security_events (user_id, created_at desc)',
    `create table otps (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      purpose text not null,
      code_hash text not null,
      attempts integer not null default 0,
      expires_at timestamptz not null,
      consumed_at timestamptz,
      created_at timestamptz not null)`,
    'create index otps_user_purpose_idx on otps (user_id, purpose, created_at desc)',
    `create table refresh_tokens (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      family_id text not null,
      token_hash text not null constraint refresh_tokens_token_hash_key unique,
      expires_at timestamptz not null,
      rotated_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null)`,
    'create index refresh_tokens_family_idx on refresh_tokens (family_id)',
    'create index refresh_tokens_user_idx on refresh_tokens (user_id)',
  ]);
}
