import type {
  AssistantSession,
  AssistantSessionPatch,
  Lead,
  LeadOtp,
  LeadRepository,
  SessionState,
} from '@chatbuddy/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/index.js';
import { isUuid } from './keyset.js';
import { leadOtpRow, leadRow, sessionRow, toLead, toLeadOtp, toSession } from './lead-rows.js';
import { consumeCode, recordCodeAttempt } from './otp-attempts.js';

/** Leads, lead codes and assistant sessions; counters and consumption are single atomic statements. */
export class KyselyLeadRepository implements LeadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createSession(session: AssistantSession): Promise<void> {
    await this.db.insertInto('assistant_sessions').values(sessionRow(session)).execute();
  }

  async findSession(projectId: string, sessionId: string): Promise<AssistantSession | null> {
    if (!isUuid(projectId) || !isUuid(sessionId)) return null;
    const row = await this.db
      .selectFrom('assistant_sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return row ? toSession(row) : null;
  }

  async updateSession(
    projectId: string,
    sessionId: string,
    patch: AssistantSessionPatch,
    now: Date,
    expectedState?: SessionState,
  ): Promise<AssistantSession | null> {
    if (!isUuid(projectId) || !isUuid(sessionId)) return null;
    let query = this.db
      .updateTable('assistant_sessions')
      .set({
        ...(patch.state !== undefined && { state: patch.state }),
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.leadId !== undefined && { lead_id: patch.leadId }),
        ...(patch.conversationId !== undefined && { conversation_id: patch.conversationId }),
        updated_at: now,
      })
      .where('id', '=', sessionId)
      .where('project_id', '=', projectId);
    if (expectedState !== undefined) query = query.where('state', '=', expectedState);
    const row = await query.returningAll().executeTakeFirst();
    return row ? toSession(row) : null;
  }

  async findOrCreateLead(lead: Lead): Promise<Lead> {
    const inserted = await this.db
      .insertInto('assistant_leads')
      .values(leadRow(lead))
      .onConflict((conflict) => conflict.columns(['project_id', 'email']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return toLead(inserted);
    const existing = await this.db
      .selectFrom('assistant_leads')
      .selectAll()
      .where('project_id', '=', lead.projectId)
      .where('email', '=', lead.email)
      .executeTakeFirstOrThrow();
    return toLead(existing);
  }

  async findLead(projectId: string, leadId: string): Promise<Lead | null> {
    if (!isUuid(projectId) || !isUuid(leadId)) return null;
    const row = await this.db
      .selectFrom('assistant_leads')
      .selectAll()
      .where('id', '=', leadId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return row ? toLead(row) : null;
  }

  async markLeadVerified(projectId: string, leadId: string, now: Date): Promise<Lead | null> {
    if (!isUuid(projectId) || !isUuid(leadId)) return null;
    const row = await this.db
      .updateTable('assistant_leads')
      .set({ verified_at: sql<Date>`coalesce(verified_at, ${now})`, updated_at: now })
      .where('id', '=', leadId)
      .where('project_id', '=', projectId)
      .returningAll()
      .executeTakeFirst();
    return row ? toLead(row) : null;
  }

  async takeMessage(
    projectId: string,
    leadId: string,
    limit: number | null,
    now: Date,
  ): Promise<Lead | null> {
    if (!isUuid(projectId) || !isUuid(leadId)) return null;
    let query = this.db
      .updateTable('assistant_leads')
      .set({ messages_used: sql<number>`messages_used + 1`, updated_at: now })
      .where('id', '=', leadId)
      .where('project_id', '=', projectId);
    if (limit !== null) query = query.where('messages_used', '<', limit);
    const row = await query.returningAll().executeTakeFirst();
    return row ? toLead(row) : null;
  }

  async returnMessage(projectId: string, leadId: string): Promise<void> {
    if (!isUuid(projectId) || !isUuid(leadId)) return;
    await this.db
      .updateTable('assistant_leads')
      .set({ messages_used: sql<number>`greatest(messages_used - 1, 0)` })
      .where('id', '=', leadId)
      .where('project_id', '=', projectId)
      .execute();
  }

  async createOtp(otp: LeadOtp): Promise<void> {
    await this.db.insertInto('assistant_lead_otps').values(leadOtpRow(otp)).execute();
  }

  async invalidateOtps(sessionId: string, now: Date): Promise<void> {
    if (!isUuid(sessionId)) return;
    await this.db
      .updateTable('assistant_lead_otps')
      .set({ consumed_at: now })
      .where('session_id', '=', sessionId)
      .where('consumed_at', 'is', null)
      .execute();
  }

  async findActiveOtp(sessionId: string): Promise<LeadOtp | null> {
    if (!isUuid(sessionId)) return null;
    const row = await this.db
      .selectFrom('assistant_lead_otps')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('consumed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toLeadOtp(row) : null;
  }

  recordOtpAttempt(otpId: string): Promise<number> {
    return recordCodeAttempt(this.db, 'assistant_lead_otps', otpId);
  }

  consumeOtp(otpId: string, now: Date): Promise<boolean> {
    return consumeCode(this.db, 'assistant_lead_otps', otpId, now);
  }
}
