import { type FollowUp, followUpOf, termCoverage } from '../../chat/follow-up.js';
import { dontKnow } from '../../chat/prompt-builder.js';
import type { Message, Source, TokenUsage } from '../../conversation.js';
import type { CuratedAnswerLookup } from '../../../knowledge/index.js';
import {
  ensureEmbeddingModel,
  type Project,
  tokenLimitExceeded,
  tokenLimitReached,
} from '../../../projects/index.js';
import { parseInput } from '../../../shared/validation.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ConversationRepository } from '../../../ports/conversation.repository.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { ModelGateway } from '../../../ports/model-gateway.port.js';
import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import type { TokenCounter } from '../../../ports/token-counter.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import type { UsageRepository } from '../../../ports/usage.repository.port.js';
import { replyConfidenceOf } from '../../retrieval/confidence.js';
import type { RetrievalResult, RetrievedPassage, Retriever } from '../../retrieval/retriever.js';
import { analyse } from '../../retrieval/text/analysis.js';
import { type AskQuestionInput, askQuestionInput } from './ask-question.input.js';
import { type AnswerPorts, generateAnswer, InterruptedAnswer } from './generate-answer.js';
import { curatedTurn } from './curated-turn.js';
import { openConversation } from './open-conversation.js';
import { type ConversationTurn, recordInterruptedTurn, recordTurn } from './record-turn.js';

export interface ChatAnswer {
  reply: string;
  conversationId: string;
  messageId: string;
  usage: TokenUsage;
  sources: Source[];
  answered: boolean;
  confidence: number;
}

export interface AskOptions {
  /** Receives reply text as it is generated (streaming). */
  onToken?: (text: string) => void;
  signal?: AbortSignal;
  /** Endpoint recorded in the usage log. */
  endpoint?: string;
  /** Assistant session a new conversation belongs to (the lead-capture flow). */
  sessionId?: string;
  /**
   * The project's curated-answer revision as read in this request (with its key), which spares
   * the lookup a read; without it the lookup reads the revision itself.
   */
  curatedRevision?: string;
}

export interface AskQuestionSettings {
  /** Passages put in the prompt. */
  contextPassages: number;
}

/**
 * Answers a question from the project's curated answers when one matches (locally, no model
 * call), else from its documents: retrieve → abstain without any model call
 * when the evidence is weak → otherwise reserve tokens, prompt the project's model with the
 * passages and history, guard the reply, settle usage → store both messages and a usage event.
 */
export class AskQuestion {
  private readonly ports: AnswerPorts;

  constructor(
    models: ModelGateway,
    projects: ProjectRepository,
    conversations: ConversationRepository,
    usage: UsageRepository,
    unitOfWork: UnitOfWork,
    tokenCounter: TokenCounter,
    clock: Clock,
    ids: IdGenerator,
    private readonly retriever: Retriever,
    private readonly curatedAnswers: CuratedAnswerLookup | null = null,
    private readonly settings: AskQuestionSettings = { contextPassages: 5 },
  ) {
    this.ports = { models, projects, conversations, usage, unitOfWork, tokenCounter, clock, ids };
  }

  async execute(project: Project, input: AskQuestionInput, options: AskOptions = {}): Promise<ChatAnswer> {
    const { message, conversationId } = parseInput(askQuestionInput, input);
    // A curated answer costs no tokens and calls no model: it is given even on a used-up quota.
    const curated = await this.curatedAnswers?.find(project.id, message, options.curatedRevision);
    if (curated) return curatedTurn(this.ports, project, message, conversationId, curated, options);
    const now = this.ports.clock.now();
    if (tokenLimitReached(project, now)) throw tokenLimitExceeded(project, now);
    const started = this.ports.clock.now().getTime();
    const conversation = await openConversation(
      this.ports,
      project.id,
      conversationId,
      message,
      options.sessionId,
    );
    const unsummarised = Math.max(0, conversation.messageCount - conversation.summarisedMessageCount);
    const history = await this.ports.conversations.recentMessages(
      project.id,
      conversation.id,
      Math.min(12, unsummarised),
    );
    const embedder = this.ports.models.embedder(project.modelProvider, project.embeddingModel);
    ensureEmbeddingModel(project, embedder.model);
    // Retrieval reads the last turns even when the prompt carries them as a summary.
    const recent =
      history.length >= 2 || conversation.messageCount === 0
        ? history
        : await this.ports.conversations.recentMessages(project.id, conversation.id, 4);
    const retrieval = await this.retrieve(project.id, message, recent, embedder, options.signal);
    const turn: ConversationTurn = {
      project,
      conversation,
      question: message,
      startedAt: started,
      endpoint: options.endpoint ?? 'chat',
      newConversation: conversationId === undefined,
    };
    if (!retrieval.answerable) {
      options.onToken?.(dontKnow);
      return recordTurn(this.ports, turn, {
        text: dontKnow,
        answered: false,
        confidence: 0,
        sources: [],
        usage: null,
        model: 'none',
        outcome: 'abstained',
        reservedTokens: 0,
      });
    }
    const passages = retrieval.passages.slice(0, this.settings.contextPassages);
    let answer: Awaited<ReturnType<typeof generateAnswer>>;
    try {
      answer = await generateAnswer(
        this.ports,
        {
          project,
          conversation,
          question: message,
          history,
          passages,
          termWeight: this.retriever.options.termWeight,
        },
        options,
      );
    } catch (error) {
      if (!(error instanceof InterruptedAnswer)) throw error;
      await recordInterruptedTurn(this.ports, turn, error);
      throw error.reason;
    }
    const { evidence, ...generated } = answer;
    return recordTurn(this.ports, turn, {
      ...generated,
      // Confidence is about the reply given; an abstention cites nothing, so nothing supports it: 0.
      confidence:
        answer.answered && evidence
          ? replyConfidenceOf(retrieval.confidence, evidence, retrieval.calibration.reply)
          : 0,
      sources: answer.answered ? answer.sources : [],
      outcome: answer.answered ? 'answered' : 'abstained',
    });
  }

  /**
   * Retrieves for the question. A message that leans on the conversation (a pronoun pointing back,
   * "and …", "what about …", a very short message) is also retrieved together with the recent
   * questions, and the result that fits is kept: the conversation's topic for a pointer back, the
   * message's own topic when it names one the conversation does not hold (a fresh topic is not
   * dragged back).
   */
  private async retrieve(
    projectId: string,
    question: string,
    history: readonly Pick<Message, 'role' | 'content' | 'sources'>[],
    embedder: ReturnType<AnswerPorts['models']['embedder']>,
    signal: AbortSignal | undefined,
  ): Promise<RetrievalResult> {
    const options = { embedder, topK: this.settings.contextPassages, signal };
    const followUp = followUpOf(question, history);
    if (followUp.query === null) return this.retriever.retrieve(projectId, question, options);
    const [direct, combined] = await Promise.all([
      this.retriever.retrieve(projectId, question, options),
      this.retriever.retrieve(projectId, followUp.query, options),
    ]);
    return chooseRetrieval(question, followUp, direct, combined);
  }
}

/** Share of the message's own content terms found in a passage, its heading path and its title. */
function ownTermCoverage(terms: readonly string[], passage: RetrievedPassage | undefined): number {
  if (!passage) return 0;
  return termCoverage(
    terms,
    `${passage.title}\n${passage.chunk.headingPath.join('\n')}\n${passage.chunk.text}`,
  );
}

/**
 * Picks between retrieval of the message alone and with the conversation (docs/retrieval.md,
 * "Follow-up questions").
 */
export function chooseRetrieval(
  question: string,
  followUp: FollowUp,
  direct: RetrievalResult,
  combined: RetrievalResult,
): RetrievalResult {
  if (!combined.answerable) return direct;
  const terms = [...new Set(analyse(question))];
  const directCoverage = direct.answerable ? ownTermCoverage(terms, direct.passages[0]) : 0;
  const combinedCoverage = ownTermCoverage(terms, combined.passages[0]);
  const best = combined.passages[0];
  const onTopic = best !== undefined && followUp.topicDocuments.has(best.chunk.documentId);
  if (followUp.dependence === 'anaphoric') {
    // A pointer back keeps the conversation's topic unless the message names a topic of its own
    // that the alone-retrieved passage covers far better.
    if (terms.length >= 3 && directCoverage - combinedCoverage >= 0.5) return direct;
    if (terms.length > 0 && combinedCoverage === 0 && !onTopic) return direct;
    return combined;
  }
  // An elliptic message names what it asks about: the passage kept must hold it.
  if (terms.length > 0 && combinedCoverage === 0) return direct;
  return combinedCoverage + 0.1 >= directCoverage ? combined : direct;
}
