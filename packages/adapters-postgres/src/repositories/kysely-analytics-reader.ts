import type { AnalyticsFacts, AnalyticsQuery, AnalyticsReader } from '@chatbuddy/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/index.js';
import { isUuid } from './keyset.js';

/** The question of answer `a`: the latest user message of its conversation at or before it. */
const questionOfAnswer = sql`(
  select u.content from conversation_messages u
  where u.conversation_id = a.conversation_id and u.role = 'user' and u.created_at <= a.created_at
  order by u.created_at desc, u.id desc limit 1)`;

const empty: AnalyticsFacts = {
  counts: { documents: 0, chunks: 0, conversations: 0, messages: 0, leads: 0 },
  answers: { answered: 0, unanswered: 0 },
  ratings: { up: 0, down: 0 },
  curatedHits: 0,
  unansweredQuestions: [],
  thumbsDown: [],
};

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

/**
 * Analytics as SQL aggregates (three statements; rows are counted and grouped by the database,
 * never loaded). Unanswered questions are grouped by the normalised key of `normaliseQuestion`.
 */
export class KyselyAnalyticsReader implements AnalyticsReader {
  constructor(private readonly db: Kysely<Database>) {}

  async read(projectId: string, { since, limit }: AnalyticsQuery): Promise<AnalyticsFacts> {
    if (!isUuid(projectId)) return structuredClone(empty);
    const count = (from: string, where = sql``) =>
      sql`(select count(*)::int from ${sql.table(from)} where project_id = ${projectId} ${where})`;
    const answers = (answered: boolean) =>
      count(
        'conversation_messages',
        sql`and role = 'assistant' and answered = ${answered} and created_at >= ${since}`,
      );
    const rated = (rating: string) =>
      count('message_feedback', sql`and rating = ${rating} and updated_at >= ${since}`);
    const [counts, questions, thumbsDown] = await Promise.all([
      sql<CountsRow>`select
        ${count('documents')} as documents, ${count('document_chunks')} as chunks,
        ${count('conversations')} as conversations, ${count('conversation_messages')} as messages,
        ${count('assistant_leads')} as leads, ${answers(true)} as answered, ${answers(false)} as unanswered,
        ${rated('up')} as up, ${rated('down')} as down,
        ${count('usage_logs', sql`and outcome = 'curated' and created_at >= ${since}`)} as curated`.execute(
        this.db,
      ),
      sql<{
        question: string;
        count: number;
        message_id: string;
        conversation_id: string;
        last_asked_at: Date;
      }>`
        select count(*)::int as count,
          (array_agg(q.question order by a.created_at desc, a.id desc))[1] as question,
          (array_agg(a.id order by a.created_at desc, a.id desc))[1] as message_id,
          (array_agg(a.conversation_id order by a.created_at desc, a.id desc))[1] as conversation_id,
          max(a.created_at) as last_asked_at
        from conversation_messages a
        cross join lateral (select ${questionOfAnswer} as question) q
        where a.project_id = ${projectId} and a.role = 'assistant' and a.answered = false
          and a.created_at >= ${since} and q.question is not null
        group by trim(regexp_replace(lower(q.question), '[^[:alnum:]]+', ' ', 'g'))
        order by count desc, last_asked_at desc, message_id desc
        limit ${limit}`.execute(this.db),
      sql<{
        question: string | null;
        answer: string;
        comment: string | null;
        conversation_id: string;
        message_id: string;
        rated_at: Date;
      }>`
        select ${questionOfAnswer} as question, a.content as answer, f.comment,
          a.conversation_id, a.id as message_id, f.updated_at as rated_at
        from message_feedback f
        join conversation_messages a on a.id = f.message_id
        where f.project_id = ${projectId} and f.rating = 'down' and f.updated_at >= ${since}
        order by f.updated_at desc, f.message_id desc
        limit ${limit}`.execute(this.db),
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
    };
  }
}
