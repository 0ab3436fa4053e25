import type { AnalyticsFacts, AnalyticsQuery, AnalyticsReader } from '@chatbuddy/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/index.js';
import { isUuid } from './keyset.js';
import { readLeadNotifications } from './lead-notification-facts.js';

/**
 * The question of answer `a` as a lateral subquery `q(question)`: the latest user message of its
 * conversation at or before it (one backward step on the conversation index).
 */
const questionOfAnswer = sql`lateral (
  select u.content as question from conversation_messages u
  where u.conversation_id = a.conversation_id and u.role = 'user' and u.created_at <= a.created_at
  order by u.created_at desc, u.id desc limit 1) q`;

interface CountsRow {
  documents: number;
  chunks: number;
  conversations: number;
  messages: number;
  leads: number;
  answered: number;
  unanswered: number;
  up: number;
  down: number;
  curated: number;
}

interface QuestionRow {
  question: string;
  count: number;
  message_id: string;
  conversation_id: string;
  last_asked_at: Date;
}

interface RatedRow {
  question: string | null;
  answer: string;
  comment: string | null;
  conversation_id: string;
  message_id: string;
  rated_at: Date;
}

/**
 * Analytics as SQL aggregates: rows are counted and grouped by the database, never loaded.
 * Unanswered questions are grouped by `question_key`, the normalised question each answer
 * stores when it is inserted (the key of `normaliseQuestion`); only the listed groups look their
 * latest question up.
 */
export class KyselyAnalyticsReader implements AnalyticsReader {
  constructor(private readonly db: Kysely<Database>) {}

  async read(projectId: string, query: AnalyticsQuery): Promise<AnalyticsFacts> {
    if (!isUuid(projectId)) projectId = '00000000-0000-0000-0000-000000000000';
    const [counts, questions, thumbsDown, leadNotifications] = await Promise.all([
      this.counts(projectId, query.since),
      this.unansweredQuestions(projectId, query),
      this.thumbsDown(projectId, query),
      readLeadNotifications(this.db, projectId, query.since),
    ]);
    const row = counts.rows[0]!;
    return {
      counts: {
        documents: row.documents,
        chunks: row.chunks,
        conversations: row.conversations,
        messages: row.messages,
        leads: row.leads,
      },
      answers: { answered: row.answered, unanswered: row.unanswered },
      ratings: { up: row.up, down: row.down },
      curatedHits: row.curated,
      unansweredQuestions: questions.rows.map((question) => ({
        question: question.question,
        count: question.count,
        conversationId: question.conversation_id,
        messageId: question.message_id,
        lastAskedAt: new Date(question.last_asked_at),
      })),
      thumbsDown: thumbsDown.rows.map((answer) => ({
        question: answer.question,
        answer: answer.answer,
        comment: answer.comment,
        conversationId: answer.conversation_id,
        messageId: answer.message_id,
        ratedAt: new Date(answer.rated_at),
      })),
      leadNotifications,
    };
  }

  /** One scan per table; messages are the conversations' counters (kept with every append). */
  private counts(projectId: string, since: Date) {
    const count = (from: string) =>
      sql`(select count(*)::int from ${sql.table(from)} where project_id = ${projectId})`;
    return sql<CountsRow>`
      with conversation_totals as (
        select count(*)::int as conversations, coalesce(sum(message_count), 0)::int as messages
        from conversations where project_id = ${projectId}),
      answer_totals as (
        select count(*) filter (where answered)::int as answered,
          count(*) filter (where not answered)::int as unanswered
        from conversation_messages
        where project_id = ${projectId} and role = 'assistant' and answered is not null
          and created_at >= ${since}),
      rating_totals as (
        select count(*) filter (where rating = 'up')::int as up,
          count(*) filter (where rating = 'down')::int as down
        from message_feedback where project_id = ${projectId} and updated_at >= ${since})
      select ${count('documents')} as documents, ${count('document_chunks')} as chunks,
        conversation_totals.*, ${count('assistant_leads')} as leads, answer_totals.*, rating_totals.*,
        (select count(*)::int from usage_logs
          where project_id = ${projectId} and outcome = 'curated' and created_at >= ${since}) as curated
      from conversation_totals, answer_totals, rating_totals`.execute(this.db);
  }

  /** Groups by the stored key, then finds the latest answer (and its phrasing) of each listed group. */
  private unansweredQuestions(projectId: string, { since, limit }: AnalyticsQuery) {
    return sql<QuestionRow>`
      with groups as (
        select question_key, count(*)::int as count, max(created_at) as last_asked_at
        from conversation_messages
        where project_id = ${projectId} and role = 'assistant' and answered = false
          and created_at >= ${since} and question_key is not null
        group by question_key
        order by count desc, last_asked_at desc, question_key
        limit ${limit})
      select g.count, g.last_asked_at, a.id as message_id, a.conversation_id, q.question
      from groups g
      cross join lateral (
        select latest.id, latest.conversation_id, latest.created_at from conversation_messages latest
        where latest.project_id = ${projectId} and latest.role = 'assistant' and latest.answered = false
          and latest.created_at = g.last_asked_at and latest.question_key = g.question_key
        order by latest.id desc limit 1) a
      cross join ${questionOfAnswer}
      order by g.count desc, g.last_asked_at desc, a.id desc`.execute(this.db);
  }

  private thumbsDown(projectId: string, { since, limit }: AnalyticsQuery) {
    return sql<RatedRow>`
      select q.question, a.content as answer, f.comment,
        a.conversation_id, a.id as message_id, f.updated_at as rated_at
      from message_feedback f
      join conversation_messages a on a.id = f.message_id
      left join ${questionOfAnswer} on true
      where f.project_id = ${projectId} and f.rating = 'down' and f.updated_at >= ${since}
      order by f.updated_at desc, f.message_id desc
      limit ${limit}`.execute(this.db);
  }
}
