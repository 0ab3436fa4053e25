import type { AssistantSession, Lead, SessionState } from '../assistant/index.js';
import type { Project } from '../projects/index.js';

/** The only forward step of each state; `ready` is final. */
const nextStates: Record<SessionState, SessionState | null> = {
  awaiting_name: 'awaiting_email',
  awaiting_email: 'awaiting_otp',
  awaiting_otp: 'ready',
  ready: null,
};

/** The state after `state` has been satisfied (name given, email given, code verified). */
export function nextState(state: SessionState): SessionState {
  const next = nextStates[state];
  if (next === null) throw new Error('A ready session has no next state');
  return next;
}

/** Where a new session starts: asking the name when the project captures leads, else ready. */
export function initialState(project: Pick<Project, 'assistant'>): SessionState {
  return project.assistant.leadCapture ? 'awaiting_name' : 'ready';
}

/**
 * Whether the session may no longer be used: idle for `idleSeconds`, or ready without a lead
 * while the project now captures leads (lead capture was switched on after it started).
 */
export function isSessionExpired(
  session: AssistantSession,
  project: Pick<Project, 'assistant'>,
  now: Date,
  idleSeconds: number,
): boolean {
  if (session.updatedAt.getTime() + idleSeconds * 1000 <= now.getTime()) return true;
  return project.assistant.leadCapture && session.state === 'ready' && session.leadId === null;
}

/** Whether the session's messages may reach retrieval and the model. */
export function mayAnswer(session: AssistantSession, project: Pick<Project, 'assistant'>): boolean {
  return session.state === 'ready' || !project.assistant.leadCapture;
}

/** The lead's answer allowance in this project (null: unlimited). */
export function leadMessageLimit(project: Pick<Project, 'modelConfig'>): number | null {
  return project.modelConfig.assistantMessageLimit ?? null;
}

/** Answers the lead may still receive (null: unlimited). */
export function messagesRemaining(lead: Pick<Lead, 'messagesUsed'>, limit: number | null): number | null {
  return limit === null ? null : Math.max(0, limit - lead.messagesUsed);
}
