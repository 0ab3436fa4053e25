import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Indexes for analytics: a project's answers by outcome and time (answered rate, unanswered
 * questions), its feedback by time (thumbs-down list), its curated hits in the usage log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create index conversation_messages_answers_idx
      on conversation_messages (project_id, answered, created_at) where role = 'assistant'`,
    'create index message_feedback_recent_idx on message_feedback (project_id, rating, updated_at desc)',
    `create index usage_logs_curated_idx on usage_logs (project_id, created_at) where outcome = 'curated'`,
  ]);
}
