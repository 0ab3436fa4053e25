import type { LeadId, ProjectId, SessionId } from '../shared/common.js';

export const sessionStates = ['awaiting_name', 'awaiting_email', 'awaiting_otp', 'ready'] as const;
export type SessionState = (typeof sessionStates)[number];

/** A visitor who left a name and email through the assistant; unique per project and email. */
export interface Lead {
  id: LeadId;
  projectId: ProjectId;
  name: string;
  email: string;
  verifiedAt: Date | null;
  messagesUsed: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface LeadOtp {
  id: string;
  leadId: LeadId;
  sessionId: SessionId;
  codeHash: string;
  attempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
  createdAt: Date;
}

export interface AssistantSession {
  id: SessionId;
  projectId: ProjectId;
  state: SessionState;
  name: string | null;
  email: string | null;
  leadId: LeadId | null;
  conversationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}
