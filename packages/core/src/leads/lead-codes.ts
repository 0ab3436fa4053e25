import { otpDigits } from '../accounts/index.js';
import { throttle } from '../accounts/index.js';
import type { AssistantSession, LeadOtp } from '../assistant/index.js';
import type { Project } from '../projects/index.js';
import type { MailBranding } from '../shared/branding.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { LeadRepository } from '../ports/lead.repository.port.js';
import type { Mailer } from '../ports/mailer.port.js';
import type { RateLimiter } from '../ports/rate-limiter.port.js';
import type { SecretHasher } from '../ports/secret-hasher.port.js';
import type { SecureRandom } from '../ports/secure-random.port.js';
import { leadCodeEmail } from './lead-emails.js';
import type { LeadFlowSettings } from './lead-flow-settings.js';

/** The secret whose hash is stored: the code bound to its session, so equal codes hash apart. */
export function leadOtpSecret(sessionId: string, code: string): string {
  return `lead-otp:${sessionId}:${code}`;
}

export interface LeadCodePorts {
  leads: LeadRepository;
  limiter: RateLimiter;
  mailer: Mailer;
  hasher: SecretHasher;
  random: SecureRandom;
  ids: IdGenerator;
  clock: Clock;
}

export interface LeadCodeRequest {
  project: Pick<Project, 'id' | 'name'>;
  /** The session, with the lead and address the code is for. */
  session: AssistantSession & { leadId: string; email: string };
}

/**
 * Counts one code email against the throttles: one a minute and five an hour per session and
 * per address, and the daily caps per address, client and project. Call it before writing
 * anything, so a refused request leaves no trace but the count.
 * @throws DomainError `rate_limited` (with `retryAfterSeconds`).
 */
export async function throttleLeadCode(
  limiter: RateLimiter,
  settings: LeadFlowSettings,
  request: { projectId: string; sessionId: string; email: string; clientIp?: string | undefined },
): Promise<void> {
  const { projectId, sessionId, email, clientIp } = request;
  const recently = 'A code was sent recently; wait before asking for another';
  await throttle(limiter, `lead-otp:session:${sessionId}`, settings.otpResendRules, recently);
  await throttle(limiter, `lead-otp:email:${projectId}:${email}`, settings.otpResendRules, recently);
  const caps = settings.otpDailyCaps;
  const today = 'Too many codes were sent today; try again later';
  await throttle(limiter, `lead-otp:day:email:${email}`, [caps.perEmail], today);
  if (clientIp) await throttle(limiter, `lead-otp:day:client:${clientIp}`, [caps.perClient], today);
  await throttle(limiter, `lead-otp:day:project:${projectId}`, [caps.perProject], today);
}

/**
 * Emails a fresh code for the session, invalidating its older ones (after `throttleLeadCode`).
 * @throws the mailer's provider errors.
 */
export async function sendLeadCode(
  ports: LeadCodePorts,
  settings: LeadFlowSettings,
  branding: MailBranding,
  request: LeadCodeRequest,
): Promise<void> {
  const { project, session } = request;
  const now = ports.clock.now();
  await ports.leads.invalidateOtps(session.id, now);
  const code = ports.random.digits(otpDigits);
  const otp: LeadOtp = {
    id: ports.ids.newId(),
    leadId: session.leadId,
    sessionId: session.id,
    codeHash: ports.hasher.hash(leadOtpSecret(session.id, code)),
    attempts: 0,
    expiresAt: new Date(now.getTime() + settings.otpTtlSeconds * 1000),
    consumedAt: null,
    createdAt: now,
  };
  await ports.leads.createOtp(otp);
  await ports.mailer.send(
    leadCodeEmail(
      {
        to: session.email,
        name: session.name ?? '',
        code,
        projectName: project.name,
        expiresInMinutes: Math.round(settings.otpTtlSeconds / 60),
      },
      branding,
    ),
  );
}
