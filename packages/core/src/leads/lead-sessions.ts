import type { AssistantSession, SessionState } from '../assistant/index.js';
import type { ChatAnswer } from '../assistant/index.js';
import type { Project } from '../projects/index.js';
import { DomainError } from '../shared/domain-error.js';
import type { LeadRepository } from '../ports/lead.repository.port.js';
import { leadReplies } from './lead-replies.js';
import { isSessionExpired } from './session-state.js';

/** A reply of the flow that is not an answer: a question, a confirmation, or a hint. */
export interface AssistantStep {
  sessionId: string;
  state: SessionState;
  reply: string;
}

/** An answer from the knowledge base in a ready session. */
export interface AssistantAnswer extends ChatAnswer {
  sessionId: string;
  state: 'ready';
  /** Answers the lead may still receive; null without a limit. */
  messagesRemaining: number | null;
}

export type AssistantChatResult = AssistantStep | AssistantAnswer;

/** The `session_expired` error: unknown, idle too long, or another project's session. */
export function sessionExpired(): DomainError {
  return new DomainError('session_expired', leadReplies.sessionExpired);
}

/**
 * The project's live session with this id.
 * @throws DomainError `session_expired` when it is unknown (to this project) or expired.
 */
export async function openAssistantSession(
  leads: LeadRepository,
  project: Pick<Project, 'id' | 'assistant'>,
  sessionId: string,
  now: Date,
  idleSeconds: number,
): Promise<AssistantSession> {
  const session = await leads.findSession(project.id, sessionId);
  if (!session || isSessionExpired(session, project, now, idleSeconds)) throw sessionExpired();
  return session;
}

/** A step reply for `session`. */
export function step(session: Pick<AssistantSession, 'id' | 'state'>, reply: string): AssistantStep {
  return { sessionId: session.id, state: session.state, reply };
}
