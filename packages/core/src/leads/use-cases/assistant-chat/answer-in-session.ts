import type { AssistantSession } from '../../../assistant/index.js';
import type { AskOptions, AskQuestion } from '../../../assistant/index.js';
import type { Project } from '../../../projects/index.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { LeadRepository } from '../../../ports/lead.repository.port.js';
import { leadReplies } from '../../lead-replies.js';
import { type AssistantAnswer, sessionExpired } from '../../lead-sessions.js';
import { leadMessageLimit, messagesRemaining } from '../../session-state.js';

/** The `lead_message_limit_reached` error, its message the reply the visitor sees. */
export function leadMessageLimitReached(limit: number, used: number): DomainError {
  return new DomainError('lead_message_limit_reached', leadReplies.limitReached(limit), {
    details: { limit, used },
  });
}

/**
 * Answers `message` in a ready session through the same pipeline as `/chat`, in the session's
 * conversation. With lead capture, one answer is taken from the lead's allowance first (atomic,
 * so concurrent messages cannot overshoot) and given back when the answer fails, unless the
 * visitor left after it began to stream.
 */
export async function answerInSession(
  ports: { leads: LeadRepository; ask: AskQuestion; clock: Clock },
  project: Project,
  session: AssistantSession,
  message: string,
  options: AskOptions,
): Promise<AssistantAnswer> {
  const { leads, ask, clock } = ports;
  const limit = project.assistant.leadCapture ? leadMessageLimit(project) : null;
  const leadId = project.assistant.leadCapture ? session.leadId : null;
  let remaining: number | null = null;
  if (leadId) {
    const lead = await leads.takeMessage(project.id, leadId, limit, clock.now());
    if (!lead) {
      const existing = await leads.findLead(project.id, leadId);
      if (!existing || limit === null) throw sessionExpired();
      throw leadMessageLimitReached(limit, existing.messagesUsed);
    }
    remaining = messagesRemaining(lead, limit);
  }
  let answer: Awaited<ReturnType<AskQuestion['execute']>>;
  let began = false;
  const onToken = options.onToken;
  try {
    answer = await ask.execute(
      project,
      { message, ...(session.conversationId && { conversationId: session.conversationId }) },
      {
        ...options,
        ...(onToken && {
          onToken: (text: string) => {
            began = true;
            onToken(text);
          },
        }),
        endpoint: 'assistant_chat',
        sessionId: session.id,
      },
    );
  } catch (error) {
    // A visitor who leaves once the answer has begun has had it: the message stays counted.
    const taken = began && options.signal?.aborted === true;
    if (leadId && !taken) await leads.returnMessage(project.id, leadId);
    throw error;
  }
  await leads.updateSession(project.id, session.id, { conversationId: answer.conversationId }, clock.now());
  return { ...answer, sessionId: session.id, state: 'ready', messagesRemaining: remaining };
}
