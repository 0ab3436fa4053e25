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
  clientIp?: string;
}

/**
 * Emails a fresh code for the session, invalidating its older ones, within the throttles: one a
 * minute and five an hour per session and per address, and the daily caps per address, client
 * and project.
 * @throws DomainError `rate_limited` (with `retryAfterSeconds`), or the mailer's provider errors.
 */
export async function sendLeadCode(
  ports: LeadCodePorts,
  settings: LeadFlowSettings,
  branding: MailBranding,
  request: LeadCodeRequest,
): Promise<void> {
  const { project, session, clientIp } = request;
  const recently = 'A code was sent recently; wait before asking for another';
  await throttle(ports.limiter, `lead-otp:session:${session.id}`, settings.otpResendRules, recently);
  await throttle(
    ports.limiter,
    `lead-otp:email:${project.id}:${session.email}`,
    settings.otpResendRules,
    recently,
  );
  const caps = settings.otpDailyCaps;
  const today = 'Too many codes were sent today; try again later';
  await throttle(ports.limiter, `lead-otp:day:email:${session.email}`, [caps.perEmail], today);
  if (clientIp) await throttle(ports.limiter, `lead-otp:day:client:${clientIp}`, [caps.perClient], today);
  await throttle(ports.limiter, `lead-otp:day:project:${project.id}`, [caps.perProject], today);
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
