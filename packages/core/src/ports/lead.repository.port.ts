import type { AssistantSession, Lead, LeadOtp, SessionState } from '../assistant/index.js';
import type { LeadId, ProjectId, SessionId } from '../shared/common.js';

/** What an assistant session step may change. */
export type AssistantSessionPatch = Partial<
  Pick<AssistantSession, 'state' | 'name' | 'email' | 'leadId' | 'conversationId'>
>;

/**
 * Leads (visitors who left a name and verified email), their one-time codes and the assistant
 * sessions of the lead-capture flow. Every read and write is scoped to a project, so a session
 * or lead id of another project behaves as unknown.
 */
export const LeadRepository = Symbol.for('chatbuddy.LeadRepository');
export interface LeadRepository {
  /** Stores a new session. */
  createSession(session: AssistantSession): Promise<void>;
  /** The project's session with this id, or null. */
  findSession(projectId: ProjectId, sessionId: SessionId): Promise<AssistantSession | null>;
  /**
   * Applies `patch` and sets `updatedAt` to `now`, only while the session is in `expectedState`
   * (when given). Returns the updated session, or null when it is unknown or in another state.
   */
  updateSession(
    projectId: ProjectId,
    sessionId: SessionId,
    patch: AssistantSessionPatch,
    now: Date,
    expectedState?: SessionState,
  ): Promise<AssistantSession | null>;
  /**
   * The project's lead with `lead.email`, created from `lead` when there is none. An existing
   * lead is returned unchanged (an unverified visitor never alters it).
   */
  findOrCreateLead(lead: Lead): Promise<Lead>;
  /** The project's lead with this id, or null. */
  findLead(projectId: ProjectId, leadId: LeadId): Promise<Lead | null>;
  /** Marks the lead verified (the first verification time is kept); null when unknown. */
  markLeadVerified(projectId: ProjectId, leadId: LeadId, now: Date): Promise<Lead | null>;
  /**
   * Counts one answer for the lead, atomically and only while `messagesUsed < limit` (no limit
   * when null). Returns the updated lead, or null when the limit is used up or the lead unknown.
   */
  takeMessage(projectId: ProjectId, leadId: LeadId, limit: number | null, now: Date): Promise<Lead | null>;
  /** Gives back one answer taken by `takeMessage` (the answer failed); never below zero. */
  returnMessage(projectId: ProjectId, leadId: LeadId): Promise<void>;
  /** Stores a new code for a session (the session's older codes should be invalidated first). */
  createOtp(otp: LeadOtp): Promise<void>;
  /** Consumes every open code of the session (a fresh one replaces them). */
  invalidateOtps(sessionId: SessionId, now: Date): Promise<void>;
  /** The session's newest unconsumed code, expired or not, or null. */
  findActiveOtp(sessionId: SessionId): Promise<LeadOtp | null>;
  /** Adds one wrong guess to the code and returns the new count. */
  recordOtpAttempt(otpId: string): Promise<number>;
  /** Consumes the code; true for exactly one caller when several race. */
  consumeOtp(otpId: string, now: Date): Promise<boolean>;
}
