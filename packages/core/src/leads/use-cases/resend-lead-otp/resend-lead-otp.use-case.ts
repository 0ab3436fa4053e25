import type { ClientContext } from '../../../accounts/index.js';
import type { Project } from '../../../projects/index.js';
import { DomainError } from '../../../shared/domain-error.js';
import { parseInput } from '../../../shared/validation.js';
import type { LeadRepository } from '../../../ports/lead.repository.port.js';
import { type LeadCodeContext, type LeadCodeDependencies, leadCodeContext } from '../../lead-code-context.js';
import { sendLeadCode, throttleLeadCode } from '../../lead-codes.js';
import { type ResendLeadOtpInput, resendLeadOtpInput } from '../../lead-flow.input.js';
import { leadReplies } from '../../lead-replies.js';
import { type AssistantStep, step } from '../../lead-sessions.js';

/** Emails a fresh code to the session's address (older codes stop working), within the throttles. */
export class ResendLeadOtp {
  private readonly codes: LeadCodeContext;

  constructor(leads: LeadRepository, ...dependencies: LeadCodeDependencies) {
    this.codes = leadCodeContext(leads, ...dependencies);
  }

  async execute(
    project: Project,
    input: ResendLeadOtpInput,
    client: ClientContext = {},
  ): Promise<AssistantStep> {
    const { sessionId } = parseInput(resendLeadOtpInput, input);
    const now = this.codes.ports.clock.now();
    const session = await this.codes.openSession(project, sessionId, now);
    const { leadId, email } = session;
    if (session.state !== 'awaiting_otp' || !leadId || !email) {
      throw new DomainError('invalid_state', 'No code is awaited in this conversation', {
        details: { state: session.state },
      });
    }
    const target = { projectId: project.id, sessionId, email, clientIp: client.clientIp };
    await throttleLeadCode(this.codes.ports.limiter, this.codes.settings, target);
    await sendLeadCode(this.codes.ports, this.codes.settings, this.codes.branding, {
      project,
      session: { ...session, leadId, email },
    });
    await this.codes.ports.leads.updateSession(project.id, session.id, {}, now);
    return step(session, leadReplies.codeResent(email, Math.round(this.codes.settings.otpTtlSeconds / 60)));
  }
}
