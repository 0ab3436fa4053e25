import type { LeadVerified, LeadVerifiedListener } from '../../ports/lead-verified-listener.port.js';
import type { Lead } from '../../assistant/index.js';
import type { Clock } from '../../ports/clock.port.js';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import type { LeadDirectory } from '../../ports/lead-directory.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { Mailer } from '../../ports/mailer.port.js';
import type { ProjectRepository } from '../../ports/project.repository.port.js';
import type { UserRepository } from '../../ports/user.repository.port.js';
import type { WebhookDeliveryRepository } from '../../ports/webhook-delivery.repository.port.js';
import type { WebhookSender } from '../../ports/webhook-sender.port.js';
import type { Project } from '../../projects/index.js';
import { defaultMailBranding, type MailBranding } from '../../shared/branding.js';
import { verifiedLeadEmail } from './lead-emails.js';
import { truncateText } from '../../shared/truncate.js';

/** What announcing a lead did. */
export interface LeadNotification {
  emailed: boolean;
  webhook: 'delivered' | 'failed' | 'not_configured';
}

export const leadVerifiedEvent = 'lead.verified';

/**
 * Announces a verified lead to the project's owner by email and, when the project has a webhook,
 * by a signed POST (retried by the sender); every delivery's outcome is recorded. Failures are
 * logged, never thrown: the lead flow calls `dispatch` and goes on without waiting.
 */
export class NotifyVerifiedLead implements LeadVerifiedListener {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly users: UserRepository,
    private readonly directory: LeadDirectory,
    private readonly mailer: Mailer,
    private readonly webhooks: WebhookSender,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly branding: MailBranding = defaultMailBranding,
  ) {}

  /** The lead flow's hook: the first verification of a lead is announced; a returning visitor is not. */
  async leadVerified(event: LeadVerified): Promise<void> {
    if (event.firstVerification) await this.execute(event.projectId, event.lead.id);
  }

  /** Starts `execute` in the background; for the visitor's flow, which must not wait for it. */
  dispatch(projectId: string, leadId: string): void {
    void this.execute(projectId, leadId).catch((error: unknown) =>
      this.logger.warn('announcing a verified lead failed', { projectId, leadId, error }),
    );
  }

  async execute(projectId: string, leadId: string): Promise<LeadNotification | null> {
    const project = await this.projects.findById(projectId);
    const lead = project ? await this.directory.findById(project.id, leadId) : null;
    if (!project || !lead?.verifiedAt) return null;
    const [emailed, webhook] = await Promise.all([this.email(project, lead), this.post(project, lead)]);
    return { emailed, webhook };
  }

  private async email(project: Project, lead: Lead): Promise<boolean> {
    try {
      const owner = await this.users.findById(project.ownerId);
      if (!owner) return false;
      await this.mailer.send(verifiedLeadEmail(owner.email, lead, project.name, this.branding));
      return true;
    } catch (error) {
      this.logger.warn('the verified-lead email was not sent', {
        projectId: project.id,
        leadId: lead.id,
        error,
      });
      return false;
    }
  }

  private async post(project: Project, lead: Lead): Promise<LeadNotification['webhook']> {
    const { leadWebhookUrl: url, leadWebhookSecret: secret } = project.assistant;
    if (!url || !secret) return 'not_configured';
    const body = {
      event: leadVerifiedEvent,
      lead: {
        id: lead.id,
        name: lead.name,
        email: lead.email,
        verifiedAt: lead.verifiedAt?.toISOString() ?? null,
        createdAt: lead.createdAt.toISOString(),
      },
      project: { id: project.id, name: project.name },
    };
    const result = await this.webhooks.send({ url, secret, body });
    const status = result.delivered ? 'delivered' : 'failed';
    await this.deliveries.record({
      id: this.ids.newId(),
      projectId: project.id,
      event: leadVerifiedEvent,
      leadId: lead.id,
      status,
      attempts: result.attempts,
      responseStatus: result.responseStatus,
      error: result.error == null ? null : truncateText(result.error, 500),
      createdAt: this.clock.now(),
    });
    if (!result.delivered)
      this.logger.warn('the verified-lead webhook was not delivered', {
        projectId: project.id,
        leadId: lead.id,
        attempts: result.attempts,
        responseStatus: result.responseStatus,
      });
    return status;
  }
}
