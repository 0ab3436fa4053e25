import type { Conversation } from '../../conversation.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { AnswerPorts } from './generate-answer.js';
import { truncateText } from '../../../shared/truncate.js';

/** The caller's conversation, or a new one titled after the question. */
export async function openConversation(
  ports: AnswerPorts,
  projectId: string,
  conversationId: string | undefined,
  question: string,
  sessionId: string | null = null,
): Promise<Conversation> {
  if (conversationId) {
    const existing = await ports.conversations.findById(projectId, conversationId);
    if (!existing) throw new DomainError('conversation_not_found', 'Conversation not found');
    return existing;
  }
  const now = ports.clock.now();
  return {
    id: ports.ids.newId(),
    projectId,
    sessionId,
    title: question.length > 80 ? `${truncateText(question, 77)}…` : question,
    summary: null,
    summarisedMessageCount: 0,
    messageCount: 0,
    createdAt: now,
    updatedAt: now,
  };
}
