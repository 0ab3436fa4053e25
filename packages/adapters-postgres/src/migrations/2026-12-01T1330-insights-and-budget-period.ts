import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The token budget period: `token_limit_period` (`month`, the default, or `lifetime`) and the
 * month counter (`period_tokens_used` = logged tokens of the UTC month starting at
 * `period_start`), seeded from the usage log of the current month. Indexes for analytics: a
 * project's answers by outcome and time, its feedback by time, its curated hits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table projects
      add column token_limit_period text not null default 'month'
        check (token_limit_period in ('month', 'lifetime')),
      add column period_start timestamptz,
      add column period_tokens_used bigint not null default 0`,
    `update projects set
      period_start = date_trunc('month', now() at time zone 'UTC') at time zone 'UTC',
      period_tokens_used = coalesce((select sum(total_tokens) from usage_logs
        where usage_logs.project_id = projects.id
          and usage_logs.created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'), 0)`,
    `create index conversation_messages_answers_idx
      on conversation_messages (project_id, answered, created_at) where role = 'assistant'`,
    'create index message_feedback_recent_idx on message_feedback (project_id, rating, updated_at desc)',
    `create index usage_logs_curated_idx on usage_logs (project_id, created_at) where outcome = 'curated'`,
  ]);
}
