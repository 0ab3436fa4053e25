import { expect, it } from 'vitest';
import type { LeadRepository } from '../../ports/lead.repository.port.js';
import type { TransactionalRepositories } from '../../ports/unit-of-work.port.js';
import type { AnalyticsReader } from '../../ports/analytics-reader.port.js';
import type {
  WebhookDelivery,
  WebhookDeliveryRepository,
} from '../../ports/webhook-delivery.repository.port.js';
import { fixtureId } from './fixtures.js';
import { makeLead } from './lead.repository.contract.js';
import { seedProject } from './repository-fixtures.js';

/** What the lead facts of analytics need: leads and webhook outcomes beside the reader. */
export interface InsightsLeadsSubject {
  repositories: TransactionalRepositories;
  analytics: AnalyticsReader;
  leads: LeadRepository;
  webhookDeliveries: WebhookDeliveryRepository;
}

const day = (n: number, minute = 0) => new Date(Date.UTC(2026, 2, n, 12, minute));

function delivery(projectId: string, overrides: Partial<WebhookDelivery>): WebhookDelivery {
  return {
    id: fixtureId(),
    projectId,
    event: 'lead.verified',
    leadId: null,
    status: 'delivered',
    attempts: 1,
    responseStatus: 200,
    error: null,
    createdAt: day(10),
    ...overrides,
  };
}

/** Lead counts and lead notification outcomes, each project on its own. */
export function insightsLeadsContract(makeSubject: () => Promise<InsightsLeadsSubject>): void {
  it('counts the project’s leads and its webhook deliveries of the window, with the latest failure', async () => {
    const { repositories, analytics, leads, webhookDeliveries } = await makeSubject();
    const project = await seedProject(repositories);
    const other = await seedProject(repositories);
    for (const at of [day(1), day(10), day(11)])
      await leads.findOrCreateLead(makeLead(project.id, { createdAt: at, updatedAt: at }));
    await leads.findOrCreateLead(makeLead(other.id));
    const failure = { status: 'failed' as const, attempts: 3 };
    for (const row of [
      delivery(project.id, { createdAt: day(10) }),
      delivery(project.id, { createdAt: day(1) }),
      delivery(project.id, { ...failure, responseStatus: 500, error: 'HTTP 500', createdAt: day(1) }),
      delivery(project.id, {
        ...failure,
        id: '00000000-0000-4000-8000-00000000000a',
        responseStatus: 502,
        error: 'HTTP 502',
        createdAt: day(12),
      }),
      delivery(project.id, {
        ...failure,
        id: '00000000-0000-4000-8000-00000000000b',
        responseStatus: null,
        error: 'timeout',
        createdAt: day(12),
      }),
      delivery(project.id, { ...failure, responseStatus: 404, error: 'HTTP 404', createdAt: day(11) }),
      delivery(other.id, { ...failure, event: 'other', createdAt: day(13) }),
      delivery(other.id, { createdAt: day(13) }),
    ])
      await webhookDeliveries.record(row);

    const facts = await analytics.read(project.id, { since: day(5), limit: 10 });
    expect(facts.counts.leads).toBe(3);
    expect(facts.leadNotifications).toEqual({
      delivered: 1,
      failed: 3,
      lastFailure: {
        at: day(12),
        event: 'lead.verified',
        attempts: 3,
        responseStatus: null,
        error: 'timeout',
      },
    });
    const otherFacts = await analytics.read(other.id, { since: day(5), limit: 10 });
    expect(otherFacts.counts.leads).toBe(1);
    expect(otherFacts.leadNotifications).toMatchObject({
      delivered: 1,
      failed: 1,
      lastFailure: { event: 'other' },
    });
    expect((await analytics.read(project.id, { since: day(13), limit: 10 })).leadNotifications).toEqual({
      delivered: 0,
      failed: 0,
      lastFailure: null,
    });
  });
}
