import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** Conversations, messages, feedback on answers and curated answers. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table conversations (
      id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      session_id uuid,
      title text not null,
      summary text,
      summarized_message_count integer not null,
      message_count integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null)`,
    'create index conversations_project_idx on conversations (project_id, created_at desc, id desc)',
    'create index conversations_session_idx on conversations (session_id) where session_id is not null',
    `create table conversation_messages (
      id uuid primary key,
      conversation_id uuid not null references conversations (id) on delete cascade,
      project_id uuid not null references projects (id) on delete cascade,
      role text not null check (role in ('user', 'assistant')),
      content text not null,
      sources jsonb not null,
      answered boolean,
      confidence double precision,
      usage jsonb,
      created_at timestamptz not null)`,
    'create index conversation_messages_conversation_idx on conversation_messages (conversation_id, created_at, id)',
    'create index conversation_messages_project_idx on conversation_messages (project_id)',
    `create table message_feedback (
      message_id uuid primary key references conversation_messages (id) on delete cascade,
      project_id uuid not null references projects (id) on delete cascade,
      rating text not null check (rating in ('up', 'down')),
      comment text,
      created_at timestamptz not null,
      updated_at timestamptz not null)`,
    'create index message_feedback_project_idx on message_feedback (project_id, rating)',
    `create table curated_answers (
      id uuid primary key,
      project_id uuid not null references projects (id) on delete cascade,
      question text not null,
      answer text not null,
      alternative_questions jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null)`,
    'create index curated_answers_project_idx on curated_answers (project_id, created_at desc, id desc)',
  ]);
}
