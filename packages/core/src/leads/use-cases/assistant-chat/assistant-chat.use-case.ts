import type { ClientContext } from '../../../accounts/index.js';
import type { AssistantSession } from '../../../assistant/index.js';
import type { AskOptions, AskQuestion } from '../../../assistant/index.js';
import type { Project } from '../../../projects/index.js';
import { DomainError } from '../../../shared/domain-error.js';
import { parseInput } from '../../../shared/validation.js';
import type { LeadRepository } from '../../../ports/lead.repository.port.js';
import { type LeadCodeContext, type LeadCodeDependencies, leadCodeContext } from '../../lead-code-context.js';
import { sendLeadCode, throttleLeadCode } from '../../lead-codes.js';
import {
  type AssistantChatInput,
  assistantChatInput,
  leadEmail,
  leadName,
  typedCode,
} from '../../lead-flow.input.js';
import { leadReplies } from '../../lead-replies.js';
import { type AssistantChatResult, step } from '../../lead-sessions.js';
import { initialState, mayAnswer } from '../../session-state.js';
import type { VerifyLeadOtp } from '../verify-lead-otp/verify-lead-otp.use-case.js';
import { answerInSession } from './answer-in-session.js';

const changed = () =>
  new DomainError('conflict', 'The conversation changed meanwhile; send the message again');

/**
 * `POST /assistant/chat`: starts a session, walks it through name → email → code when the
 * project captures leads, and answers from the knowledge base once it is ready. Nothing sent
 * before `ready` reaches retrieval or a model.
 */
export class AssistantChat {
  private readonly codes: LeadCodeContext;

  constructor(
    leads: LeadRepository,
    private readonly ask: AskQuestion,
    private readonly verify: VerifyLeadOtp,
    ...dependencies: LeadCodeDependencies
  ) {
    this.codes = leadCodeContext(leads, ...dependencies);
  }

  async execute(
    project: Project,
    input: AssistantChatInput,
    client: ClientContext = {},
    options: AskOptions = {},
  ): Promise<AssistantChatResult> {
    const { sessionId, message } = parseInput(assistantChatInput, input);
    const text = message?.trim() ?? '';
    const now = this.codes.ports.clock.now();
    const { leads } = this.codes.ports;
    const session = sessionId
      ? await this.codes.openSession(project, sessionId, now)
      : await this.start(project, now);
    if (mayAnswer(session, project)) {
      if (text === '') return step({ ...session, state: 'ready' }, leadReplies.welcome(project));
      return answerInSession(
        { leads, ask: this.ask, clock: this.codes.ports.clock },
        project,
        session,
        text,
        options,
      );
    }
    if (!sessionId) return step(session, leadReplies.greeting(project));
    if (session.state === 'awaiting_name') return this.takeName(project, session, text, now);
    if (session.state === 'awaiting_email') return this.takeEmail(project, session, text, client);
    const code = typedCode.exec(text)?.[1];
    if (code) return this.verify.execute(project, { sessionId: session.id, otp: code });
    return step(session, leadReplies.askCode(session.email ?? ''));
  }

  private async start(project: Project, now: Date): Promise<AssistantSession> {
    const session: AssistantSession = {
      id: this.codes.ports.ids.newId(),
      projectId: project.id,
      state: initialState(project),
      name: null,
      email: null,
      leadId: null,
      conversationId: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.codes.ports.leads.createSession(session);
    return session;
  }

  private async takeName(project: Project, session: AssistantSession, text: string, now: Date) {
    if (text === '') return step(session, leadReplies.askName);
    const name = leadName.safeParse(text);
    if (!name.success) return step(session, leadReplies.invalidName);
    const patch = { name: name.data, state: 'awaiting_email' as const };
    const updated = await this.codes.ports.leads.updateSession(
      project.id,
      session.id,
      patch,
      now,
      'awaiting_name',
    );
    if (!updated) throw changed();
    return step(updated, leadReplies.askEmail(name.data));
  }

  private async takeEmail(project: Project, session: AssistantSession, text: string, client: ClientContext) {
    if (text === '') return step(session, leadReplies.askEmail(session.name ?? ''));
    const email = leadEmail.safeParse(text);
    if (!email.success) return step(session, leadReplies.invalidEmail);
    const target = {
      projectId: project.id,
      sessionId: session.id,
      email: email.data,
      clientIp: client.clientIp,
    };
    await throttleLeadCode(this.codes.ports.limiter, this.codes.settings, target);
    const now = this.codes.ports.clock.now();
    const lead = await this.codes.ports.leads.findOrCreateLead({
      id: this.codes.ports.ids.newId(),
      projectId: project.id,
      name: session.name ?? '',
      email: email.data,
      verifiedAt: null,
      messagesUsed: 0,
      createdAt: now,
      updatedAt: now,
    });
    await sendLeadCode(this.codes.ports, this.codes.settings, this.codes.branding, {
      project,
      session: { ...session, leadId: lead.id, email: email.data },
    });
    const patch = { email: email.data, leadId: lead.id, state: 'awaiting_otp' as const };
    const updated = await this.codes.ports.leads.updateSession(
      project.id,
      session.id,
      patch,
      now,
      'awaiting_email',
    );
    if (!updated) throw changed();
    const minutes = Math.round(this.codes.settings.otpTtlSeconds / 60);
    return step(updated, leadReplies.codeSent(email.data, minutes));
  }
}
