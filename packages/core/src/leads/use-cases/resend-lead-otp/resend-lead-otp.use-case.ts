import type { ClientContext } from '../../../accounts/index.js';
import type { Project } from '../../../projects/index.js';
import { defaultMailBranding, type MailBranding } from '../../../shared/branding.js';
import { DomainError } from '../../../shared/domain-error.js';
import { parseInput } from '../../../shared/validation.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { LeadRepository } from '../../../ports/lead.repository.port.js';
import type { Mailer } from '../../../ports/mailer.port.js';
import type { RateLimiter } from '../../../ports/rate-limiter.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { SecureRandom } from '../../../ports/secure-random.port.js';
import { type LeadCodePorts, sendLeadCode, throttleLeadCode } from '../../lead-codes.js';
import { type LeadFlowSettings, defaultLeadFlowSettings } from '../../lead-flow-settings.js';
import { type ResendLeadOtpInput, resendLeadOtpInput } from '../../lead-flow.input.js';
import { leadReplies } from '../../lead-replies.js';
import { type AssistantStep, openAssistantSession, step } from '../../lead-sessions.js';

/** Emails a fresh code to the session's address (older codes stop working), within the throttles. */
export class ResendLeadOtp {
  private readonly ports: LeadCodePorts;

  constructor(
    leads: LeadRepository,
    limiter: RateLimiter,
    mailer: Mailer,
    hasher: SecretHasher,
    random: SecureRandom,
    ids: IdGenerator,
    clock: Clock,
    private readonly settings: LeadFlowSettings = defaultLeadFlowSettings,
    private readonly branding: MailBranding = defaultMailBranding,
  ) {
    this.ports = { leads, limiter, mailer, hasher, random, ids, clock };
  }

  async execute(
    project: Project,
    input: ResendLeadOtpInput,
    client: ClientContext = {},
  ): Promise<AssistantStep> {
    const { sessionId } = parseInput(resendLeadOtpInput, input);
    const now = this.ports.clock.now();
    const session = await openAssistantSession(
      this.ports.leads,
      project,
      sessionId,
      now,
      this.settings.sessionIdleSeconds,
    );
    const { leadId, email } = session;
    if (session.state !== 'awaiting_otp' || !leadId || !email) {
      throw new DomainError('invalid_state', 'No code is awaited in this conversation', {
        details: { state: session.state },
      });
    }
    const target = { projectId: project.id, sessionId, email, clientIp: client.clientIp };
    await throttleLeadCode(this.ports.limiter, this.settings, target);
    await sendLeadCode(this.ports, this.settings, this.branding, {
      project,
      session: { ...session, leadId, email },
    });
    await this.ports.leads.updateSession(project.id, session.id, {}, now);
    return step(session, leadReplies.codeResent(email, Math.round(this.settings.otpTtlSeconds / 60)));
  }
}
