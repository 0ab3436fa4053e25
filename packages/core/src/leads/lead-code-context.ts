import type { AssistantSession } from '../assistant/index.js';
import type { Project } from '../projects/index.js';
import { defaultMailBranding, type MailBranding } from '../shared/branding.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { LeadRepository } from '../ports/lead.repository.port.js';
import type { Mailer } from '../ports/mailer.port.js';
import type { RateLimiter } from '../ports/rate-limiter.port.js';
import type { SecretHasher } from '../ports/secret-hasher.port.js';
import type { SecureRandom } from '../ports/secure-random.port.js';
import type { LeadCodePorts } from './lead-codes.js';
import { defaultLeadFlowSettings, type LeadFlowSettings } from './lead-flow-settings.js';
import { openAssistantSession } from './lead-sessions.js';

/** What a use case that emails lead codes is built from, after the lead repository. */
export type LeadCodeDependencies = [
  limiter: RateLimiter,
  mailer: Mailer,
  hasher: SecretHasher,
  random: SecureRandom,
  ids: IdGenerator,
  clock: Clock,
  settings?: LeadFlowSettings,
  branding?: MailBranding,
];

/** The ports, settings and branding of a code-emailing use case, and how it opens a session. */
export interface LeadCodeContext {
  ports: LeadCodePorts;
  settings: LeadFlowSettings;
  branding: MailBranding;
  /**
   * The project's live session with this id, idle for no longer than the settings allow.
   * @throws DomainError `session_expired` when it is unknown (to this project) or expired.
   */
  openSession(
    project: Pick<Project, 'id' | 'assistant'>,
    sessionId: string,
    now: Date,
  ): Promise<AssistantSession>;
}

/** Gathers the dependencies of a code-emailing use case, with the default settings and branding. */
export function leadCodeContext(
  leads: LeadRepository,
  ...[
    limiter,
    mailer,
    hasher,
    random,
    ids,
    clock,
    settings = defaultLeadFlowSettings,
    branding = defaultMailBranding,
  ]: LeadCodeDependencies
): LeadCodeContext {
  return {
    ports: { leads, limiter, mailer, hasher, random, ids, clock },
    settings,
    branding,
    openSession: (project, sessionId, now) =>
      openAssistantSession(leads, project, sessionId, now, settings.sessionIdleSeconds),
  };
}
