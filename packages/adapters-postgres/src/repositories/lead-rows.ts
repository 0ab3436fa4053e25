import type { AssistantSession, Lead, LeadOtp, SessionState } from '@chatbuddy/core';
import type { Insertable, Selectable } from 'kysely';
import type { AssistantLeadOtpRow } from '../schema/assistant-lead-otps.js';
import type { AssistantLeadRow } from '../schema/assistant-leads.js';
import type { AssistantSessionRow } from '../schema/assistant-sessions.js';

export function toLead(row: Selectable<AssistantLeadRow>): Lead {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    email: row.email,
    verifiedAt: row.verified_at,
    messagesUsed: row.messages_used,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toSession(row: Selectable<AssistantSessionRow>): AssistantSession {
  return {
    id: row.id,
    projectId: row.project_id,
    state: row.state as SessionState,
    name: row.name,
    email: row.email,
    leadId: row.lead_id,
    conversationId: row.conversation_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toLeadOtp(row: Selectable<AssistantLeadOtpRow>): LeadOtp {
  return {
    id: row.id,
    leadId: row.lead_id,
    sessionId: row.session_id,
    codeHash: row.code_hash,
    attempts: row.attempts,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
    createdAt: row.created_at,
  };
}

/** The row of a lead, as inserted. */
export function leadRow(lead: Lead): Insertable<AssistantLeadRow> {
  return {
    id: lead.id,
    project_id: lead.projectId,
    name: lead.name,
    email: lead.email,
    verified_at: lead.verifiedAt,
    messages_used: lead.messagesUsed,
    created_at: lead.createdAt,
    updated_at: lead.updatedAt,
  };
}

/** The row of an assistant session, as inserted. */
export function sessionRow(session: AssistantSession): Insertable<AssistantSessionRow> {
  return {
    id: session.id,
    project_id: session.projectId,
    state: session.state,
    name: session.name,
    email: session.email,
    lead_id: session.leadId,
    conversation_id: session.conversationId,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** The row of a lead's code, as inserted. */
export function leadOtpRow(otp: LeadOtp): Insertable<AssistantLeadOtpRow> {
  return {
    id: otp.id,
    lead_id: otp.leadId,
    session_id: otp.sessionId,
    code_hash: otp.codeHash,
    attempts: otp.attempts,
    expires_at: otp.expiresAt,
    consumed_at: otp.consumedAt,
    created_at: otp.createdAt,
  };
}
