import type { CuratedMatch } from '../../../knowledge/index.js';
import type { Project } from '../../../projects/index.js';
import type { Source } from '../../conversation.js';
import type { AskOptions, ChatAnswer } from './ask-question.use-case.js';
import type { AnswerPorts } from './generate-answer.js';
import { openConversation } from './open-conversation.js';
import { recordTurn } from './record-turn.js';

/** Title of the source that names a curated answer. */
export const curatedSourceTitle = 'Curated answer';

/**
 * Answers with a curated answer's text as it is: no retrieval, no model, no reservation. The
 * turn is stored like any other, with a `curated` usage event of zero tokens.
 */
export async function curatedTurn(
  ports: AnswerPorts,
  project: Project,
  question: string,
  conversationId: string | undefined,
  match: CuratedMatch,
  options: AskOptions,
): Promise<ChatAnswer> {
  const started = ports.clock.now().getTime();
  const conversation = await openConversation(ports, project.id, conversationId, question);
  const score = Math.min(1, Math.max(0, match.score));
  const source: Source = {
    documentId: null,
    chunkId: null,
    curatedAnswerId: match.answer.id,
    title: curatedSourceTitle,
    snippet: match.phrasing,
    score: Math.round(score * 1e4) / 1e4,
  };
  options.onToken?.(match.answer.answer);
  return recordTurn(
    ports,
    {
      project,
      conversation,
      question,
      startedAt: started,
      endpoint: options.endpoint ?? 'chat',
      newConversation: conversationId === undefined,
    },
    {
      text: match.answer.answer,
      answered: true,
      confidence: score,
      sources: [source],
      usage: null,
      model: 'curated',
      outcome: 'curated',
      reservedTokens: 0,
    },
  );
}
