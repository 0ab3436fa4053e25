import { defaultMemoryOptions, summariseTurns } from '../../chat/conversation-memory.js';
import type { Conversation, Message, Source, TokenUsage } from '../../conversation.js';
import type { Project, UsageEvent, UsageOutcome } from '../../../projects/index.js';
import type { TokenSettlement } from '../../../ports/usage.repository.port.js';
import type { ChatAnswer } from './ask-question.use-case.js';
import type { AnswerPorts } from './generate-answer.js';

export interface ConversationTurn {
  project: Project;
  conversation: Conversation;
  question: string;
  startedAt: number;
  endpoint: string;
  /** The conversation was opened for this turn (not stored yet). */
  newConversation: boolean;
}

export interface TurnResult {
  text: string;
  answered: boolean;
  confidence: number;
  sources: Source[];
  usage: TokenUsage | null;
  model: string;
  outcome: UsageOutcome;
  /** Tokens reserved for the model call, settled with `usage` in the turn's transaction. */
  reservedTokens: number;
  /** The reservation's lease. */
  leaseId?: string;
}

const zeroUsage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

/**
 * Stores the question, the answer and the usage event (which charges the tokens and settles the
 * call's reservation) in one transaction; folds old turns into the summary. When the transaction
 * fails after the model spent tokens, they are charged with a `failed` usage event that explains
 * them: tokens are never charged without their event, nor an event logged without its tokens.
 */
export async function recordTurn(
  ports: AnswerPorts,
  turn: ConversationTurn,
  result: TurnResult,
): Promise<ChatAnswer> {
  const { project, conversation } = turn;
  const now = ports.clock.now();
  // Messages are ordered by time: a turn never sorts before the previous one, even within a millisecond.
  const at = new Date(Math.max(now.getTime(), conversation.updatedAt.getTime() + 1));
  const usage = result.usage ?? zeroUsage;
  const question: Message = {
    id: ports.ids.newId(),
    conversationId: conversation.id,
    projectId: project.id,
    role: 'user',
    content: turn.question,
    sources: [],
    answered: null,
    confidence: null,
    usage: null,
    createdAt: at,
  };
  const answer: Message = {
    ...question,
    id: ports.ids.newId(),
    role: 'assistant',
    content: result.text,
    sources: result.sources,
    answered: result.answered,
    confidence: result.confidence,
    usage,
    createdAt: new Date(at.getTime() + 1),
  };
  const event = (outcome: UsageOutcome) => usageEvent(ports, turn, now, { ...result, usage, outcome });
  const settlement = settlementOf(result);
  try {
    // A new conversation is stored with its turn and usage in one step; an existing one is read first.
    if (turn.newConversation)
      await ports.conversations.createWithUsage(
        conversation,
        [question, answer],
        event(result.outcome),
        settlement,
      );
    else
      await ports.unitOfWork.run(async (repositories) => {
        if (
          conversation.messageCount === 0 &&
          !(await repositories.conversations.findById(project.id, conversation.id))
        ) {
          await repositories.conversations.create(conversation);
        }
        await repositories.conversations.appendMessages([question, answer]);
        await repositories.usage.record(event(result.outcome), settlement);
      });
  } catch (error) {
    if (result.reservedTokens > 0 || usage.totalTokens > 0)
      await chargeFailedTurn(ports, event('failed'), settlement);
    throw error;
  }
  await foldOldTurns(ports, project.id, conversation);
  return {
    reply: result.text,
    conversationId: conversation.id,
    messageId: answer.id,
    usage,
    sources: result.sources,
    answered: result.answered,
    confidence: Math.round(result.confidence * 1e4) / 1e4,
  };
}

/**
 * Charges a model call that was interrupted after part of its reply was sent, with a usage event
 * that explains the tokens (outcome `aborted` or `failed`); the turn itself is not stored.
 */
export async function recordInterruptedTurn(
  ports: AnswerPorts,
  turn: ConversationTurn,
  interrupted: {
    outcome: 'aborted' | 'failed';
    usage: TokenUsage;
    model: string;
    reservedTokens: number;
    leaseId: string | undefined;
  },
): Promise<void> {
  const event = usageEvent(ports, turn, ports.clock.now(), interrupted);
  await chargeFailedTurn(ports, event, settlementOf(interrupted));
}

/** The usage event of a turn's model call, timed from the turn's start to `now`. */
function usageEvent(
  ports: AnswerPorts,
  turn: ConversationTurn,
  now: Date,
  call: { model: string; usage: TokenUsage; outcome: UsageOutcome },
): UsageEvent {
  return {
    id: ports.ids.newId(),
    projectId: turn.project.id,
    endpoint: turn.endpoint,
    provider: turn.project.modelProvider,
    model: call.model,
    ...call.usage,
    latencyMs: Math.max(0, now.getTime() - turn.startedAt),
    outcome: call.outcome,
    createdAt: now,
  };
}

/** What settling a call's reservation releases. */
function settlementOf(call: { reservedTokens: number; leaseId?: string | undefined }): TokenSettlement {
  return {
    reservedTokens: call.reservedTokens,
    ...(call.leaseId !== undefined && { leaseId: call.leaseId }),
  };
}

/** Charges a spent model call whose turn could not be stored; at worst releases its reservation. */
async function chargeFailedTurn(
  ports: AnswerPorts,
  event: UsageEvent,
  settlement: TokenSettlement,
): Promise<void> {
  try {
    await ports.usage.record(event, settlement);
  } catch {
    await ports.projects
      .releaseTokens(event.projectId, settlement.reservedTokens, settlement.leaseId)
      .catch(() => undefined);
  }
}

async function foldOldTurns(
  ports: AnswerPorts,
  projectId: string,
  conversation: Conversation,
): Promise<void> {
  const total = conversation.messageCount + 2;
  const keep = defaultMemoryOptions.recentMessages;
  if (total - conversation.summarisedMessageCount <= keep * 2) return;
  const all = await ports.conversations.recentMessages(projectId, conversation.id, total);
  const toFold = all.slice(conversation.summarisedMessageCount, total - keep);
  const summary = summariseTurns(toFold, conversation.summary, defaultMemoryOptions.summaryChars);
  await ports.conversations.updateSummary(projectId, conversation.id, summary, total - keep);
}
