import type { Lead, LeadDirectory, LeadFilter, Page, PageRequest, PurgeOutcome } from '@chatbuddy/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/index.js';
import { afterCursor, fetchSize, isUuid, toPage } from './keyset.js';
import { toLead } from './lead-rows.js';

/** Runs `work` in a transaction, or in the caller's one. */
function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Leads for the dashboard. Search uses `strpos` on lower-cased text, not LIKE, so `%`, `_` and
 * `\` in a query are plain characters. Erasure deletes conversations (messages and feedback
 * cascade), sessions (OTPs cascade) and the lead in one transaction.
 */
export class KyselyLeadDirectory implements LeadDirectory {
  constructor(private readonly db: Kysely<Database>) {}

  private filtered(projectId: string, filter: LeadFilter) {
    let query = this.db.selectFrom('assistant_leads').where('project_id', '=', projectId);
    if (filter.verified !== undefined)
      query = query.where('verified_at', filter.verified ? 'is not' : 'is', null);
    if (filter.search) {
      const needle = filter.search;
      query = query.where(
        sql<boolean>`(strpos(lower(name), lower(${needle})) > 0 or strpos(lower(email), lower(${needle})) > 0)`,
      );
    }
    return query;
  }

  async list(projectId: string, filter: LeadFilter, page: PageRequest): Promise<Page<Lead>> {
    const cursor = afterCursor(page);
    if (!isUuid(projectId)) return { items: [], nextCursor: null };
    const rows = await this.filtered(projectId, filter)
      .selectAll()
      .where(cursor)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(fetchSize(page))
      .execute();
    return toPage(rows.map(toLead), page);
  }

  async count(projectId: string, filter: LeadFilter): Promise<number> {
    if (!isUuid(projectId)) return 0;
    const row = await this.filtered(projectId, filter)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async findById(projectId: string, leadId: string): Promise<Lead | null> {
    if (!isUuid(projectId) || !isUuid(leadId)) return null;
    const row = await this.db
      .selectFrom('assistant_leads')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', leadId)
      .executeTakeFirst();
    return row ? toLead(row) : null;
  }

  async erase(projectId: string, leadId: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(leadId)) return false;
    return (await this.eraseMany(projectId, [leadId])) === 1;
  }

  async purgeInactiveBefore(projectId: string, cutoff: Date, limit: number): Promise<PurgeOutcome> {
    if (!isUuid(projectId)) return { leads: 0, conversations: 0 };
    const stale = await this.db
      .selectFrom('assistant_leads')
      .select('id')
      .where('project_id', '=', projectId)
      .where('updated_at', '<', cutoff)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    const leads = await this.eraseMany(
      projectId,
      stale.map((row) => row.id),
    );
    const conversations = await this.db
      .deleteFrom('conversations')
      .where(
        'id',
        'in',
        this.db
          .selectFrom('conversations')
          .select('id')
          .where('project_id', '=', projectId)
          .where('updated_at', '<', cutoff)
          .orderBy('updated_at')
          .limit(limit),
      )
      .returning('id')
      .execute();
    return { leads, conversations: conversations.length };
  }

  /** Erases the project's leads among `leadIds` with everything that belongs to them; returns how many. */
  private async eraseMany(projectId: string, leadIds: string[]): Promise<number> {
    if (leadIds.length === 0) return 0;
    return inTransaction(this.db, async (trx) => {
      const leads = await trx
        .selectFrom('assistant_leads')
        .select('id')
        .where('project_id', '=', projectId)
        .where('id', 'in', leadIds)
        .forUpdate()
        .execute();
      const ids = leads.map((lead) => lead.id);
      if (ids.length === 0) return 0;
      const sessions = trx.selectFrom('assistant_sessions').where('lead_id', 'in', ids);
      await trx
        .deleteFrom('conversations')
        .where('project_id', '=', projectId)
        .where((eb) =>
          eb.or([
            eb('id', 'in', sessions.select('conversation_id').where('conversation_id', 'is not', null)),
            eb('session_id', 'in', sessions.select('id')),
          ]),
        )
        .execute();
      await trx.deleteFrom('assistant_sessions').where('lead_id', 'in', ids).execute();
      await trx.deleteFrom('assistant_lead_otps').where('lead_id', 'in', ids).execute();
      const erased = await trx.deleteFrom('assistant_leads').where('id', 'in', ids).returning('id').execute();
      return erased.length;
    });
  }
}
