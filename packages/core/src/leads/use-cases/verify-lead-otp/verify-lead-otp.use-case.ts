import type { LeadOtp } from '../../../assistant/index.js';
import type { Project } from '../../../projects/index.js';
import { DomainError } from '../../../shared/domain-error.js';
import { parseInput } from '../../../shared/validation.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { LeadRepository } from '../../../ports/lead.repository.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import { leadOtpSecret } from '../../lead-codes.js';
import { type LeadFlowSettings, defaultLeadFlowSettings } from '../../lead-flow-settings.js';
import { type VerifyLeadOtpInput, verifyLeadOtpInput } from '../../lead-flow.input.js';
import { leadReplies } from '../../lead-replies.js';
import { type AssistantStep, openAssistantSession, sessionExpired, step } from '../../lead-sessions.js';
import type { LeadVerifiedListeners } from '../../lead-verified-listeners.js';

const usedOrUnknown = () =>
  new DomainError('otp_invalid', 'The code is invalid or has already been used; ask for a new one');
const attemptsExceeded = () =>
  new DomainError('otp_attempts_exceeded', 'Too many wrong codes; ask for a new one');

/**
 * Confirms a visitor's email with the emailed code and moves the session to `ready`. Codes are
 * single use, expire, and die after `otpMaxAttempts` wrong guesses. Listeners hear of the
 * verified lead after the answer.
 */
export class VerifyLeadOtp {
  constructor(
    private readonly leads: LeadRepository,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
    private readonly listeners: LeadVerifiedListeners,
    private readonly settings: LeadFlowSettings = defaultLeadFlowSettings,
  ) {}

  async execute(project: Project, input: VerifyLeadOtpInput): Promise<AssistantStep> {
    const { sessionId, otp: code } = parseInput(verifyLeadOtpInput, input);
    const now = this.clock.now();
    const session = await openAssistantSession(
      this.leads,
      project,
      sessionId,
      now,
      this.settings.sessionIdleSeconds,
    );
    if (session.state !== 'awaiting_otp' || !session.leadId) {
      throw new DomainError('invalid_state', 'No code is awaited in this conversation', {
        details: { state: session.state },
      });
    }
    const otp = await this.leads.findActiveOtp(session.id);
    if (!otp) throw usedOrUnknown();
    await this.check(otp, code, now);
    if (!(await this.leads.consumeOtp(otp.id, now))) throw usedOrUnknown();
    const before = await this.leads.findLead(project.id, session.leadId);
    const lead = await this.leads.markLeadVerified(project.id, session.leadId, now);
    if (!before || !lead) throw sessionExpired();
    const ready = await this.leads.updateSession(
      project.id,
      session.id,
      { state: 'ready' },
      now,
      'awaiting_otp',
    );
    if (!ready) throw usedOrUnknown();
    this.listeners.publish({
      projectId: project.id,
      sessionId: session.id,
      lead,
      firstVerification: before.verifiedAt === null,
      verifiedAt: now,
    });
    return step(ready, leadReplies.verified(session.name ?? lead.name));
  }

  private async check(otp: LeadOtp, code: string, now: Date): Promise<void> {
    const max = this.settings.otpMaxAttempts;
    if (otp.attempts >= max) throw attemptsExceeded();
    if (otp.expiresAt.getTime() <= now.getTime()) {
      throw new DomainError('otp_expired', 'The code has expired; ask for a new one');
    }
    if (this.hasher.matches(leadOtpSecret(otp.sessionId, code), otp.codeHash)) return;
    const attempts = await this.leads.recordOtpAttempt(otp.id);
    if (attempts >= max) {
      await this.leads.consumeOtp(otp.id, now);
      throw attemptsExceeded();
    }
    const remaining = max - attempts;
    throw new DomainError(
      'otp_invalid',
      `The code is not correct; ${remaining} ${remaining === 1 ? 'try' : 'tries'} left`,
      {
        details: { attemptsRemaining: remaining },
      },
    );
  }
}
