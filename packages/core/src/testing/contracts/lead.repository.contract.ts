import { describe, expect, it } from 'vitest';
import type { AssistantSession, Lead, LeadOtp } from '../../assistant/lead.js';
import type { Project } from '../../projects/project.js';
import type { LeadRepository } from '../../ports/lead.repository.port.js';
import { fixtureId } from './fixtures.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));

/** What the lead contract needs: the repository and a way to create projects it can refer to. */
export interface LeadRepositorySubject {
  leads: LeadRepository;
  seedProject(): Promise<Project>;
}

export function makeAssistantSession(
  projectId: string,
  overrides: Partial<AssistantSession> = {},
): AssistantSession {
  return {
    id: fixtureId(),
    projectId,
    state: 'awaiting_name',
    name: null,
    email: null,
    leadId: null,
    conversationId: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeLead(projectId: string, overrides: Partial<Lead> = {}): Lead {
  return {
    id: fixtureId(),
    projectId,
    name: 'Jane',
    email: `jane-${fixtureId().slice(0, 8)}@example.com`,
    verifiedAt: null,
    messagesUsed: 0,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeLeadOtp(
  lead: Lead,
  session: AssistantSession,
  overrides: Partial<LeadOtp> = {},
): LeadOtp {
  return {
    id: fixtureId(),
    leadId: lead.id,
    sessionId: session.id,
    codeHash: `hash-${fixtureId()}`,
    attempts: 0,
    expiresAt: at(10),
    consumedAt: null,
    createdAt: at(0),
    ...overrides,
  };
}

/** Behaviour every `LeadRepository` must have. */
export function leadRepositoryContract(
  name: string,
  makeSubject: () => Promise<LeadRepositorySubject> | LeadRepositorySubject,
  parallelism = 10,
): void {
  const setup = async () => {
    const subject = await makeSubject();
    const project = await subject.seedProject();
    const other = await subject.seedProject();
    return { leads: subject.leads, project, other };
  };

  describe(`LeadRepository contract: ${name}`, () => {
    it('round-trips sessions within their project only; unknown and malformed ids are null', async () => {
      const { leads, project, other } = await setup();
      const session = makeAssistantSession(project.id);
      await leads.createSession(session);
      expect(await leads.findSession(project.id, session.id)).toEqual(session);
      expect(await leads.findSession(other.id, session.id)).toBeNull();
      expect(await leads.findSession(project.id, fixtureId())).toBeNull();
      expect(await leads.findSession(project.id, 'not-a-uuid')).toBeNull();
    });

    it('updates a session only in the expected state and project, stamping updatedAt', async () => {
      const { leads, project, other } = await setup();
      const session = makeAssistantSession(project.id);
      await leads.createSession(session);
      const patch = { name: 'Jane', state: 'awaiting_email' as const };
      expect(await leads.updateSession(other.id, session.id, patch, at(1))).toBeNull();
      expect(await leads.updateSession(project.id, session.id, patch, at(1), 'awaiting_otp')).toBeNull();
      const updated = await leads.updateSession(project.id, session.id, patch, at(1), 'awaiting_name');
      expect(updated).toEqual({ ...session, ...patch, updatedAt: at(1) });
      expect(await leads.updateSession(project.id, session.id, {}, at(2))).toMatchObject({
        updatedAt: at(2),
        name: 'Jane',
      });
      expect(await leads.findSession(project.id, session.id)).toMatchObject({
        state: 'awaiting_email',
        updatedAt: at(2),
      });
    });

    it('keeps one lead per project and email; an existing lead is returned unchanged', async () => {
      const { leads, project, other } = await setup();
      const lead = makeLead(project.id);
      expect(await leads.findOrCreateLead(lead)).toEqual(lead);
      const again = await leads.findOrCreateLead(
        makeLead(project.id, { email: lead.email, name: 'Mallory' }),
      );
      expect(again).toEqual(lead);
      const elsewhere = await leads.findOrCreateLead(makeLead(other.id, { email: lead.email }));
      expect(elsewhere.id).not.toBe(lead.id);
      expect(await leads.findLead(other.id, lead.id)).toBeNull();
      const email = `race-${fixtureId().slice(0, 8)}@example.com`;
      const raced = await Promise.all(
        Array.from({ length: parallelism }, () => leads.findOrCreateLead(makeLead(project.id, { email }))),
      );
      expect(new Set(raced.map((entry) => entry.id)).size).toBe(1);
    });

    it('keeps the first verification time', async () => {
      const { leads, project, other } = await setup();
      const lead = await leads.findOrCreateLead(makeLead(project.id));
      expect(await leads.markLeadVerified(other.id, lead.id, at(1))).toBeNull();
      expect((await leads.markLeadVerified(project.id, lead.id, at(1)))?.verifiedAt).toEqual(at(1));
      expect((await leads.markLeadVerified(project.id, lead.id, at(5)))?.verifiedAt).toEqual(at(1));
      expect((await leads.findLead(project.id, lead.id))?.verifiedAt).toEqual(at(1));
    });

    it('takes messages atomically up to the limit and gives them back, never below zero', async () => {
      const { leads, project, other } = await setup();
      const lead = await leads.findOrCreateLead(makeLead(project.id));
      const limit = Math.max(1, Math.floor(parallelism / 2));
      const taken = await Promise.all(
        Array.from({ length: parallelism }, () => leads.takeMessage(project.id, lead.id, limit, at(1))),
      );
      expect(taken.filter(Boolean)).toHaveLength(limit);
      expect((await leads.findLead(project.id, lead.id))?.messagesUsed).toBe(limit);
      expect(await leads.takeMessage(other.id, lead.id, null, at(1))).toBeNull();
      expect((await leads.takeMessage(project.id, lead.id, null, at(2)))?.messagesUsed).toBe(limit + 1);
      for (let index = 0; index < limit + 3; index++) await leads.returnMessage(project.id, lead.id);
      expect((await leads.findLead(project.id, lead.id))?.messagesUsed).toBe(0);
    });

    it('finds the newest open code, counts wrong guesses, and consumes a code exactly once', async () => {
      const { leads, project } = await setup();
      const lead = await leads.findOrCreateLead(makeLead(project.id));
      const session = makeAssistantSession(project.id, { leadId: lead.id, state: 'awaiting_otp' });
      await leads.createSession(session);
      expect(await leads.findActiveOtp(session.id)).toBeNull();
      const older = makeLeadOtp(lead, session);
      const newer = makeLeadOtp(lead, session, { createdAt: at(1) });
      await leads.createOtp(older);
      await leads.createOtp(newer);
      expect(await leads.findActiveOtp(session.id)).toEqual(newer);
      expect(await leads.recordOtpAttempt(newer.id)).toBe(1);
      expect(await leads.recordOtpAttempt(newer.id)).toBe(2);
      const wins = await Promise.all(
        Array.from({ length: parallelism }, () => leads.consumeOtp(newer.id, at(2))),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await leads.findActiveOtp(session.id)).toEqual(older);
      await leads.invalidateOtps(session.id, at(3));
      expect(await leads.findActiveOtp(session.id)).toBeNull();
      expect(await leads.consumeOtp(older.id, at(4))).toBe(false);
    });
  });
}
