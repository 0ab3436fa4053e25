import type { Lead } from '../assistant/index.js';
import type { ProjectId, SessionId } from '../shared/common.js';

/** A visitor confirmed their email to a project's assistant. */
export interface LeadVerified {
  projectId: ProjectId;
  sessionId: SessionId;
  lead: Lead;
  /** True the first time this lead is verified (a returning visitor verifying again: false). */
  firstVerification: boolean;
  verifiedAt: Date;
}

/**
 * Reacts to verified leads (e.g. tells the project's owner by email or webhook). Listeners run
 * after the visitor has had an answer; a failing listener is logged and never undoes the flow.
 */
export const LeadVerifiedListener = Symbol.for('chatbuddy.LeadVerifiedListener');
export interface LeadVerifiedListener {
  /** Handles one verification; may be slow (it does not delay the visitor). */
  leadVerified(event: LeadVerified): Promise<void>;
}
