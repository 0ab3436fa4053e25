import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** Lead-capture flow: leads (unique per project and email), assistant sessions, lead OTPs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table assistant_leads (
      id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      name text not null,
      email text not null,
      verified_at timestamptz,
      messages_used integer not null default 0,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint assistant_leads_project_email_key unique (project_id, email))`,
    'create index assistant_leads_project_idx on assistant_leads (project_id, created_at desc, id desc)',
    `create table assistant_sessions (
      id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      state text not null check (state in ('awaiting_name', 'awaiting_email', 'awaiting_otp', 'ready')),
      name text,
      email text,
      lead_id uuid references assistant_leads (id) on delete set null,
      conversation_id uuid references conversations (id) on delete set null,
      created_at timestamptz not null,
      updated_at timestamptz not null)`,
    'create index assistant_sessions_project_idx on assistant_sessions (project_id)',
    'create index assistant_sessions_lead_idx on assistant_sessions (lead_id)',
    `create table assistant_lead_otps (
      id uuid primary key,
      lead_id uuid not null references assistant_leads (id) on delete cascade,
      session_id uuid not null references assistant_sessions (id) on delete cascade,
      code_hash text not null,
      attempts integer not null default 0,
      expires_at timestamptz not null,
      consumed_at timestamptz,
      created_at timestamptz not null)`,
    'create index assistant_lead_otps_session_idx on assistant_lead_otps (session_id, created_at desc)',
    'create index assistant_lead_otps_lead_idx on assistant_lead_otps (lead_id)',
  ]);
}
