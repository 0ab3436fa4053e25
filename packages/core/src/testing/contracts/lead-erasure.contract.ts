import { describe, expect, it } from 'vitest';
import type { Lead } from '../../assistant/lead.js';
import type { WebhookDelivery } from '../../ports/webhook-delivery.repository.port.js';
import { fixtureId } from './fixtures.js';
import {
  type LeadDirectorySubject,
  type MakeLeadDirectorySubject,
  makeDirectoryLead,
  makeDirectoryLeadOtp,
  makeSession,
} from './lead-directory.fixtures.js';
import { makeConversation, makeMessage, seedProject } from './repository-fixtures.js';

/** A lead with a session, an OTP and a conversation with two messages (one with feedback). */
async function seedLeadWithHistory(subject: LeadDirectorySubject, lead: Lead) {
  const { repositories, seed } = subject;
  await seed.lead(lead);
  const conversation = makeConversation(lead.projectId, { updatedAt: lead.updatedAt });
  const messages = [makeMessage(conversation), makeMessage(conversation, { role: 'assistant' })];
  await repositories.conversations.create(conversation, messages);
  const session = makeSession(lead, { conversationId: conversation.id });
  await seed.session(session);
  const otp = makeDirectoryLeadOtp(session);
  await seed.otp(otp);
  await seed.feedback?.(lead.projectId, messages[1]!.id);
  return { conversation, messages, session, otp };
}

/** Erasure, retention and delivery records. */
export function leadErasureContract(name: string, makeSubject: MakeLeadDirectorySubject): void {
  describe(`LeadDirectory erasure contract: ${name}`, () => {
    it('erases a lead with its OTPs, sessions, conversations, messages and feedback, and nothing else', async () => {
      const subject = await makeSubject();
      const { repositories, directory, seed } = subject;
      const project = await seedProject(repositories);
      const gone = await seedLeadWithHistory(subject, makeDirectoryLead(project.id));
      const kept = await seedLeadWithHistory(subject, makeDirectoryLead(project.id));
      const leadId = gone.session.leadId!;
      expect(await directory.erase(project.id, leadId)).toBe(true);
      expect(await directory.findById(project.id, leadId)).toBeNull();
      expect(await repositories.conversations.findById(project.id, gone.conversation.id)).toBeNull();
      expect(await repositories.conversations.recentMessages(project.id, gone.conversation.id, 100)).toEqual(
        [],
      );
      expect(await seed.exists('session', gone.session.id)).toBe(false);
      expect(await seed.exists('otp', gone.otp.id)).toBe(false);
      expect(await seed.exists('feedback', gone.messages[1]!.id)).toBe(false);
      expect(await directory.findById(project.id, kept.session.leadId!)).not.toBeNull();
      expect(await repositories.conversations.findById(project.id, kept.conversation.id)).not.toBeNull();
      expect(await seed.exists('session', kept.session.id)).toBe(true);
      expect(await seed.exists('otp', kept.otp.id)).toBe(true);
      if (seed.feedback) expect(await seed.exists('feedback', kept.messages[1]!.id)).toBe(true);
      expect(await directory.erase(project.id, leadId)).toBe(false);
    });

    it('purges leads and conversations inactive since before the cutoff, at most `limit` of each', async () => {
      const subject = await makeSubject();
      const { repositories, directory } = subject;
      const project = await seedProject(repositories);
      const old = new Date('2026-01-01T00:00:00Z');
      const recent = new Date('2026-03-01T00:00:00Z');
      const cutoff = new Date('2026-02-01T00:00:00Z');
      const stale = [
        makeDirectoryLead(project.id, { updatedAt: old }),
        makeDirectoryLead(project.id, { updatedAt: old }),
      ];
      for (const lead of stale) await seedLeadWithHistory(subject, lead);
      const active = await seedLeadWithHistory(subject, makeDirectoryLead(project.id, { updatedAt: recent }));
      const orphan = makeConversation(project.id, { updatedAt: old });
      await repositories.conversations.create(orphan);
      const other = await seedProject(repositories);
      const foreign = await seedLeadWithHistory(subject, makeDirectoryLead(other.id, { updatedAt: old }));

      const first = await directory.purgeInactiveBefore(project.id, cutoff, 1);
      expect(first.leads).toBe(1);
      let total = first;
      for (;;) {
        const next = await directory.purgeInactiveBefore(project.id, cutoff, 1);
        total = { leads: total.leads + next.leads, conversations: total.conversations + next.conversations };
        if (next.leads === 0 && next.conversations === 0) break;
      }
      expect(total.leads).toBe(2);
      expect(await directory.count(project.id, {})).toBe(1);
      expect(await repositories.conversations.findById(project.id, orphan.id)).toBeNull();
      expect(await repositories.conversations.findById(project.id, active.conversation.id)).not.toBeNull();
      expect(await directory.findById(other.id, foreign.session.leadId!)).not.toBeNull();
      expect(await repositories.conversations.findById(other.id, foreign.conversation.id)).not.toBeNull();
    });

    it('records webhook deliveries and reports them newest first, per project and status', async () => {
      const { repositories, deliveries } = await makeSubject();
      const project = await seedProject(repositories);
      const other = await seedProject(repositories);
      const delivery = (minute: number, status: WebhookDelivery['status'], projectId = project.id) => ({
        id: fixtureId(),
        projectId,
        event: 'lead.verified',
        leadId: fixtureId(),
        status,
        attempts: status === 'failed' ? 5 : 1,
        responseStatus: status === 'failed' ? 500 : 204,
        error: status === 'failed' ? 'HTTP 500' : null,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
      });
      const recorded = [delivery(1, 'failed'), delivery(2, 'delivered'), delivery(3, 'failed')];
      for (const item of [...recorded, delivery(4, 'failed', other.id)]) await deliveries.record(item);
      expect(await deliveries.listRecent(project.id, 2)).toEqual([recorded[2], recorded[1]]);
      expect(await deliveries.countSince(project.id, 'failed', recorded[0]!.createdAt)).toBe(2);
      expect(await deliveries.countSince(project.id, 'failed', recorded[2]!.createdAt)).toBe(1);
      expect(await deliveries.countSince(project.id, 'delivered', recorded[0]!.createdAt)).toBe(1);
    });
  });
}
