import { sanitisePassage } from '../../chat/passage-sanitiser.js';
import { buildPrompt, systemPrompt } from '../../chat/prompt-builder.js';
import { guardReply } from '../../chat/reply-guard.js';
import type { Conversation, Message, Source, TokenUsage } from '../../conversation.js';
import { type Project, tokenLimitExceeded } from '../../../projects/index.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { ChatCompletion, ChatRequest, ContextPassage } from '../../../ports/chat-model.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ConversationRepository } from '../../../ports/conversation.repository.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { ModelGateway } from '../../../ports/model-gateway.port.js';
import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import type { TokenCounter } from '../../../ports/token-counter.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import type { UsageRepository } from '../../../ports/usage.repository.port.js';
import { questionTerms, type TermWeight } from '../../retrieval/question-terms.js';
import { type ReplyEvidence, replyEvidence, supportingPassages } from '../../retrieval/reply-support.js';
import type { RetrievedPassage } from '../../retrieval/retriever.js';
import { truncateText } from '../../../shared/truncate.js';

/** Ports the chat use cases need. */
export interface AnswerPorts {
  models: ModelGateway;
  projects: ProjectRepository;
  conversations: ConversationRepository;
  usage: UsageRepository;
  unitOfWork: UnitOfWork;
  tokenCounter: TokenCounter;
  clock: Clock;
  ids: IdGenerator;
}

export interface GeneratedAnswer {
  text: string;
  answered: boolean;
  sources: Source[];
  usage: TokenUsage;
  model: string;
  /** What the reply covers of the question (null when it abstains). */
  evidence: ReplyEvidence | null;
  /** Tokens still reserved for this call: the turn's transaction settles them with `usage`. */
  reservedTokens: number;
  /** The reservation's lease (when tokens were reserved). */
  leaseId?: string;
}

const defaultMaxOutputTokens = 512;

/**
 * How long a reservation vouches for its model call. A call still running after it is charged as
 * usual; only the reservation stops counting, and one left by a stopped process is given back.
 */
export const reservationLeaseMs = 15 * 60_000;

/**
 * A streamed model call that ended after part of its reply was sent: the client left (`aborted`)
 * or the stream broke (`failed`). The tokens the model spent on what was sent are charged; the
 * turn is not stored. `reason` is the error that ended the call.
 */
export class InterruptedAnswer extends Error {
  constructor(
    readonly reason: unknown,
    readonly outcome: 'aborted' | 'failed',
    readonly usage: TokenUsage,
    readonly model: string,
    readonly reservedTokens: number,
    readonly leaseId: string | undefined,
  ) {
    super('The answer was interrupted after part of it was sent');
  }
}

function toSource(passage: RetrievedPassage): Source {
  const text = passage.chunk.text.replace(/\s+/g, ' ').trim();
  return {
    documentId: passage.chunk.documentId,
    chunkId: passage.chunk.id,
    title: passage.title,
    snippet: text.length > 240 ? `${truncateText(text, 237)}…` : text,
    score: Math.round(passage.score * 1e4) / 1e4,
  };
}

/**
 * Calls the project's model. A project with a token limit reserves the expected cost before the
 * call (so concurrent calls cannot spend past the limit); the reservation is released at once
 * when the call fails (a failed call is not charged), and otherwise settled with the real usage
 * when the turn's usage event is recorded. A project without a limit reserves nothing.
 */
export async function generateAnswer(
  ports: AnswerPorts,
  input: {
    project: Project;
    conversation: Conversation;
    question: string;
    history: readonly Message[];
    passages: readonly RetrievedPassage[];
    /** Weight of question terms (the retriever's), for the reply's support. */
    termWeight?: TermWeight | undefined;
  },
  options: { onToken?: (text: string) => void; signal?: AbortSignal },
): Promise<GeneratedAnswer> {
  const { project } = input;
  const context: ContextPassage[] = input.passages.map((passage, index) => ({
    label: `S${index + 1}`,
    title: passage.title,
    headingPath: passage.chunk.headingPath,
    text: sanitisePassage(passage.chunk.text),
    score: passage.score,
  }));
  const messages = buildPrompt({
    question: input.question,
    passages: context,
    projectPrompt: project.systemPrompt,
    summary: input.conversation.summary,
    history: input.history,
  });
  const maxOutputTokens = project.modelConfig.maxOutputTokens ?? defaultMaxOutputTokens;
  const request: ChatRequest = {
    messages,
    question: input.question,
    context,
    model: project.modelConfig.model,
    temperature: project.modelConfig.temperature ?? 0.2,
    maxOutputTokens,
  };
  // Counted only when needed: to reserve quota, or for a provider that reports no usage.
  let counted: number | undefined;
  const promptTokens = () =>
    (counted ??= ports.tokenCounter.count(messages.map((turn) => turn.content).join('\n')));
  const reserved = project.tokenLimit === null ? 0 : promptTokens() + maxOutputTokens;
  const now = ports.clock.now();
  const lease =
    reserved > 0 ? { id: ports.ids.newId(), expiresAt: new Date(now.getTime() + reservationLeaseMs) } : null;
  if (lease && !(await ports.projects.reserveTokens(project.id, reserved, now, lease))) {
    // Read again: whether the budget is spent or held by running calls decides the Retry-After.
    throw tokenLimitExceeded((await ports.projects.findById(project.id)) ?? project, now);
  }
  let completion: ChatCompletion;
  let sent = '';
  const onToken = options.onToken;
  try {
    completion = await callModel(ports, project, request, {
      signal: options.signal,
      ...(onToken && {
        onToken: (text: string) => {
          sent += text;
          onToken(text);
        },
      }),
    });
  } catch (error) {
    // What was sent was generated: a client that leaves before the end does not get it for free.
    if (sent !== '') {
      const outcome = options.signal?.aborted ? 'aborted' : 'failed';
      const usage = estimatedUsage(promptTokens(), ports.tokenCounter.count(sent));
      const model = request.model ?? ports.models.chatModel(project.modelProvider).defaultModel;
      throw new InterruptedAnswer(error, outcome, usage, model, reserved, lease?.id);
    }
    if (lease) await ports.projects.releaseTokens(project.id, reserved, lease.id);
    throw error;
  }
  const usage = completion.usage ?? estimatedUsage(promptTokens(), ports.tokenCounter.count(completion.text));
  const guarded = guardReply({
    reply: completion.text,
    allowedTexts: context.map((passage) => passage.text),
    systemPrompt: systemPrompt(project.systemPrompt),
  });
  // Sources are the passages the reply rests on (cited, quoted, or scoring close to the best).
  const supporting = supportingPassages(completion.text, context);
  const terms = questionTerms(input.question, input.termWeight);
  const evidence = guarded.answered
    ? replyEvidence(input.question, terms, guarded.text, context[supporting[0] ?? 0])
    : null;
  return {
    text: guarded.text,
    answered: guarded.answered,
    sources: supporting.map((index) => toSource(input.passages[index]!)),
    usage,
    model: completion.model,
    evidence,
    reservedTokens: reserved,
    ...(lease && { leaseId: lease.id }),
  };
}

async function callModel(
  ports: AnswerPorts,
  project: Project,
  request: ChatRequest,
  options: { onToken?: (text: string) => void; signal?: AbortSignal | undefined },
): Promise<ChatCompletion> {
  const model = ports.models.chatModel(project.modelProvider);
  if (!options.onToken) return model.complete(request, { signal: options.signal });
  let completion: ChatCompletion | null = null;
  for await (const event of model.stream(request, { signal: options.signal })) {
    if (event.type === 'token') options.onToken(event.text);
    else completion = event.completion;
  }
  if (!completion) throw new DomainError('provider_error', 'The model stream ended without a result');
  return completion;
}

function estimatedUsage(promptTokens: number, completionTokens: number) {
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
