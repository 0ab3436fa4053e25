import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../shared/domain-error.js';
import { NotifyVerifiedLead } from './notify-verified-lead.use-case.js';
import { PurgeExpiredLeads } from './purge-expired-leads.use-case.js';
import { leadsWorld } from './__fixtures__/leads-admin.world.js';

const day = 24 * 3600_000;

describe('PurgeExpiredLeads', () => {
  it('deletes leads and conversations older than the project’s retention, only where it is set', async () => {
    const world = await leadsWorld();
    const { ports } = world;
    ports.clock.set('2026-06-01T00:00:00Z');
    await ports.projects.update(
      world.mine.id,
      { assistant: { leadCapture: true, leadRetentionDays: 30 } },
      ports.clock.now(),
    );
    const old = await world.addLead(world.mine, {
      updatedAt: new Date(ports.clock.now().getTime() - 31 * day),
    });
    const fresh = await world.addLead(world.mine, {
      updatedAt: new Date(ports.clock.now().getTime() - 29 * day),
    });
    const keptElsewhere = await world.addLead(world.theirs, { updatedAt: new Date('2020-01-01T00:00:00Z') });
    const purge = new PurgeExpiredLeads(ports.projects, ports.leadDirectory, ports.clock);
    expect(await purge.execute()).toEqual([{ projectId: world.mine.id, leads: 1, conversations: 0 }]);
    expect(await ports.leadDirectory.findById(world.mine.id, old.id)).toBeNull();
    expect(await ports.leadDirectory.findById(world.mine.id, fresh.id)).not.toBeNull();
    expect(await ports.leadDirectory.findById(world.theirs.id, keptElsewhere.id)).not.toBeNull();
    ports.clock.advance(2 * day);
    expect(await purge.execute()).toEqual([{ projectId: world.mine.id, leads: 1, conversations: 0 }]);
    expect(await purge.execute()).toEqual([]);
  });
});

async function notifier() {
  const world = await leadsWorld();
  const { ports } = world;
  const notify = new NotifyVerifiedLead(
    ports.projects,
    ports.users,
    ports.leadDirectory,
    ports.mailer,
    ports.webhookSender,
    ports.webhookDeliveries,
    ports.ids,
    ports.clock,
    ports.logger,
  );
  const lead = await world.addLead(world.mine, {
    name: 'Jane\r\nBcc: evil@example.com',
    verifiedAt: new Date(),
  });
  return { world, ports, notify, lead };
}

describe('NotifyVerifiedLead', () => {
  it('emails the owner; without a webhook it posts nothing', async () => {
    const { world, ports, notify, lead } = await notifier();
    expect(await notify.execute(world.mine.id, lead.id)).toEqual({
      emailed: true,
      webhook: 'not_configured',
    });
    const owner = await ports.users.findById(world.mine.ownerId);
    expect(ports.mailer.sent).toHaveLength(1);
    expect(ports.mailer.sent[0]).toMatchObject({ to: owner?.email, tag: 'lead_verified' });
    expect(ports.mailer.sent[0]?.subject).not.toMatch(/[\r\n]/);
    expect(ports.webhookSender.sent).toEqual([]);
  });

  it('posts the lead.verified event to the webhook and records a failed delivery', async () => {
    const { world, ports, notify, lead } = await notifier();
    const assistant = {
      leadCapture: true,
      leadWebhookUrl: 'https://hooks.example.com/x',
      leadWebhookSecret: 's'.repeat(32),
    };
    await ports.projects.update(world.mine.id, { assistant }, ports.clock.now());
    ports.webhookSender.result = { delivered: false, attempts: 5, responseStatus: 500, error: 'HTTP 500' };
    expect(await notify.execute(world.mine.id, lead.id)).toEqual({ emailed: true, webhook: 'failed' });
    expect(ports.webhookSender.sent[0]).toMatchObject({
      url: assistant.leadWebhookUrl,
      secret: assistant.leadWebhookSecret,
      body: {
        event: 'lead.verified',
        lead: { id: lead.id, email: lead.email },
        project: { id: world.mine.id, name: world.mine.name },
      },
    });
    expect(await ports.webhookDeliveries.listRecent(world.mine.id, 5)).toMatchObject([
      { status: 'failed', attempts: 5, responseStatus: 500, leadId: lead.id },
    ]);
  });

  it('does nothing for an unverified, missing or foreign lead; a mail failure is logged, not thrown', async () => {
    const { world, ports, notify, lead } = await notifier();
    const unverified = await world.addLead(world.mine);
    expect(await notify.execute(world.mine.id, unverified.id)).toBeNull();
    expect(await notify.execute(world.theirs.id, lead.id)).toBeNull();
    ports.mailer.failWith = new DomainError('provider_unavailable', 'down');
    expect(await notify.execute(world.mine.id, lead.id)).toEqual({
      emailed: false,
      webhook: 'not_configured',
    });
    expect(ports.logger.warnings.length).toBeGreaterThan(0);
  });

  it("as the lead flow's listener, announces a first verification and not a returning visitor", async () => {
    const { world, ports, notify, lead } = await notifier();
    const event = {
      projectId: world.mine.id,
      sessionId: 'session-1',
      lead,
      verifiedAt: lead.verifiedAt ?? new Date(0),
    };
    await notify.leadVerified({ ...event, firstVerification: false });
    expect(ports.mailer.sent).toHaveLength(0);
    await notify.leadVerified({ ...event, firstVerification: true });
    expect(ports.mailer.sent).toHaveLength(1);
    expect(ports.mailer.sent[0]).toMatchObject({ tag: 'lead_verified' });
  });

  it('dispatch returns at once and announces in the background', async () => {
    const { world, ports, notify, lead } = await notifier();
    notify.dispatch(world.mine.id, lead.id);
    expect(ports.mailer.sent).toHaveLength(0);
    await vi.waitFor(() => expect(ports.mailer.sent).toHaveLength(1));
  });
});
