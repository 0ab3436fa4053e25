import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** Projects (tenants), their API keys, idempotency records and usage log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table projects (
      id uuid primary key,
      owner_id uuid not null references users (id) on delete cascade,
      name text not null,
      model_provider text not null,
      model_config jsonb not null,
      system_prompt text,
      assistant jsonb not null,
      allowed_origins jsonb not null,
      token_limit bigint,
      tokens_used bigint not null default 0,
      tokens_reserved bigint not null default 0,
      embedding_model text,
      metadata jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null)`,
    'create index projects_created_idx on projects (created_at desc, id desc)',
    'create index projects_owner_idx on projects (owner_id, created_at desc, id desc)',
    `create table api_keys (
      id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      kind text not null check (kind in ('secret', 'publishable')),
      prefix text not null constraint api_keys_prefix_key unique,
      key_hash text not null,
      created_at timestamptz not null,
      expires_at timestamptz,
      revoked_at timestamptz)`,
    'create index api_keys_project_idx on api_keys (project_id, created_at)',
    `create table idempotency_keys (
      project_id uuid not null references projects (id) on delete cascade,
      key text not null,
      request_hash text not null,
      state text not null check (state in ('running', 'completed')),
      response_status integer,
      response_body jsonb,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (project_id, key))`,
    'create index idempotency_keys_expires_idx on idempotency_keys (expires_at)',
    `create table usage_logs (
      id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      endpoint text not null,
      provider text not null,
      model text not null,
      prompt_tokens integer not null,
      completion_tokens integer not null,
      total_tokens integer not null,
      latency_ms integer not null,
      outcome text not null,
      created_at timestamptz not null)`,
    'create index usage_logs_project_idx on usage_logs (project_id, created_at desc, id desc)',
  ]);
}
