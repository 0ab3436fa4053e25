import { createPostgresPersistence } from '@chatbuddy/adapters-postgres';
import { sql } from 'kysely';
import type { SoakProject } from './soak-state.js';

/** What the database says after the load, against what the load was told. */
export interface Reconciliation {
  /** Accepted, not deleted uploads: how many, and those not `ready` (id: status). */
  acceptedDocuments: number;
  documentsNotReady: string[];
  /** Answers the load received, and those without their stored message or with other usage. */
  answeredChats: number;
  answersMissing: string[];
  /** Usage logs of chat calls with tokens, at least one per answered model call. */
  chatUsageLogs: number;
  /** Projects whose `tokens_used` differs from the sum of their usage logs, or with tokens still reserved. */
  tokenMismatches: string[];
  ok: boolean;
}

/** Reads the database directly (not through an instance) and checks every promise the load got. */
export async function reconcile(dbUrl: string, projects: readonly SoakProject[]): Promise<Reconciliation> {
  const database = await createPostgresPersistence({ url: dbUrl, poolSize: 2 });
  const { db } = database;
  try {
    const ids = projects.map((project) => project.id);
    const live = projects.flatMap((project) => [...project.live]);
    const documents = live.length
      ? await db.selectFrom('documents').select(['id', 'status']).where('id', 'in', live).execute()
      : [];
    const status = new Map(documents.map((row) => [row.id, row.status]));
    const documentsNotReady = live
      .filter((id) => status.get(id) !== 'ready')
      .map((id) => `${id}: ${status.get(id) ?? 'missing'}`);

    const answered = projects.flatMap((project) => [...project.answered]);
    const messages = answered.length
      ? await db
          .selectFrom('conversation_messages')
          .select(['id', 'usage'])
          .where(
            'id',
            'in',
            answered.map(([id]) => id),
          )
          .execute()
      : [];
    const stored = new Map(messages.map((row) => [row.id, row.usage?.totalTokens ?? 0]));
    const answersMissing = answered
      .filter(([id, tokens]) => stored.get(id) !== tokens)
      .map(([id, tokens]) => `${id}: answered with ${tokens} tokens, stored ${stored.get(id) ?? 'nothing'}`);

    const logs = await db
      .selectFrom('usage_logs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('project_id', 'in', ids)
      .where('total_tokens', '>', 0)
      .executeTakeFirstOrThrow();
    const withTokens = answered.filter(([, tokens]) => tokens > 0).length;

    const totals = await sql<{ id: string; tokens_used: number; tokens_reserved: number; logged: number }>`
      select p.id, p.tokens_used, p.tokens_reserved,
             coalesce((select sum(u.total_tokens) from usage_logs u where u.project_id = p.id), 0)::int8 as logged
        from projects p where p.id in (${sql.join(ids)})`.execute(db);
    const tokenMismatches = totals.rows
      .filter((row) => Number(row.tokens_used) !== Number(row.logged) || Number(row.tokens_reserved) !== 0)
      .map(
        (row) => `${row.id}: used ${row.tokens_used}, logged ${row.logged}, reserved ${row.tokens_reserved}`,
      );
    const chatUsageLogs = Number(logs.count);
    return {
      acceptedDocuments: live.length,
      documentsNotReady,
      answeredChats: answered.length,
      answersMissing,
      chatUsageLogs,
      tokenMismatches,
      ok:
        documentsNotReady.length === 0 &&
        answersMissing.length === 0 &&
        tokenMismatches.length === 0 &&
        chatUsageLogs >= withTokens &&
        totals.rows.length === ids.length,
    };
  } finally {
    await database.close();
  }
}
