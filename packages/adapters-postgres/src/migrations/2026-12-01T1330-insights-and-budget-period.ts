import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The token budget period: `token_limit_period` (`month`, the default, or `lifetime`) and the
 * month counter (`period_tokens_used` = logged tokens of the UTC month starting at
 * `period_start`), seeded from the usage log of the current month.
 *
 * For analytics: each answer stores the normalised key of its question (`question_key`, set by a
 * trigger when the answer is inserted: the latest user message of its conversation at or before
 * it, which the same insert may carry), so unanswered questions are grouped without looking each
 * question up again; indexes on a project's answers by outcome and time, its feedback by time,
 * and its curated hits.
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
    `create function chatbuddy_question_key(question text) returns text language sql immutable
      as $$ select trim(regexp_replace(lower(question), '[^[:alnum:]]+', ' ', 'g')) $$`,
    'alter table conversation_messages add column question_key text',
    `create function conversation_messages_set_question_key() returns trigger language plpgsql as $$
      begin
        if new.role = 'assistant' then
          select chatbuddy_question_key(u.content) into new.question_key
          from conversation_messages u
          where u.conversation_id = new.conversation_id and u.role = 'user' and u.created_at <= new.created_at
          order by u.created_at desc, u.id desc limit 1;
        end if;
        return new;
      end $$`,
    `create trigger conversation_messages_question_key before insert on conversation_messages
      for each row execute function conversation_messages_set_question_key()`,
    `update conversation_messages a set question_key = (
        select chatbuddy_question_key(u.content) from conversation_messages u
        where u.conversation_id = a.conversation_id and u.role = 'user' and u.created_at <= a.created_at
        order by u.created_at desc, u.id desc limit 1)
      where a.role = 'assistant'`,
    `create index conversation_messages_answers_idx
      on conversation_messages (project_id, answered, created_at) include (question_key) where role = 'assistant'`,
    'create index message_feedback_recent_idx on message_feedback (project_id, rating, updated_at desc)',
    `create index usage_logs_curated_idx on usage_logs (project_id, created_at) where outcome = 'curated'`,
  ]);
}
