import type { AssistantSession, Lead, LeadOtp, SessionState } from '@chatbuddy/core';
import type { Selectable } from 'kysely';
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
