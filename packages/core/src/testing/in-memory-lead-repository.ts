import type { AssistantSession, Lead, LeadOtp, SessionState } from '../assistant/lead.js';
import type { AssistantSessionPatch, LeadRepository } from '../ports/lead.repository.port.js';
import type { InMemoryDatabase } from './in-memory-database.js';

const copy = structuredClone;

/** Leads, lead codes and assistant sessions in the shared in-memory tables. */
export class InMemoryLeadRepository implements LeadRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  private get tables() {
    return this.db.tables;
  }

  async createSession(session: AssistantSession): Promise<void> {
    this.tables.assistantSessions.set(session.id, copy(session));
  }

  async findSession(projectId: string, sessionId: string): Promise<AssistantSession | null> {
    const session = this.tables.assistantSessions.get(sessionId);
    return session && session.projectId === projectId ? copy(session) : null;
  }

  async updateSession(
    projectId: string,
    sessionId: string,
    patch: AssistantSessionPatch,
    now: Date,
    expectedState?: SessionState,
  ): Promise<AssistantSession | null> {
    const session = this.tables.assistantSessions.get(sessionId);
    if (!session || session.projectId !== projectId) return null;
    if (expectedState !== undefined && session.state !== expectedState) return null;
    const updated = { ...session, ...copy(patch), updatedAt: now };
    this.tables.assistantSessions.set(sessionId, updated);
    return copy(updated);
  }

  async findOrCreateLead(lead: Lead): Promise<Lead> {
    const existing = [...this.tables.leads.values()].find(
      (candidate) => candidate.projectId === lead.projectId && candidate.email === lead.email,
    );
    if (existing) return copy(existing);
    this.tables.leads.set(lead.id, copy(lead));
    return copy(lead);
  }

  async findLead(projectId: string, leadId: string): Promise<Lead | null> {
    const lead = this.tables.leads.get(leadId);
    return lead && lead.projectId === projectId ? copy(lead) : null;
  }

  async markLeadVerified(projectId: string, leadId: string, now: Date): Promise<Lead | null> {
    const lead = this.tables.leads.get(leadId);
    if (!lead || lead.projectId !== projectId) return null;
    const updated = { ...lead, verifiedAt: lead.verifiedAt ?? now, updatedAt: now };
    this.tables.leads.set(leadId, updated);
    return copy(updated);
  }

  async takeMessage(
    projectId: string,
    leadId: string,
    limit: number | null,
    now: Date,
  ): Promise<Lead | null> {
    const lead = this.tables.leads.get(leadId);
    if (!lead || lead.projectId !== projectId) return null;
    if (limit !== null && lead.messagesUsed >= limit) return null;
    const updated = { ...lead, messagesUsed: lead.messagesUsed + 1, updatedAt: now };
    this.tables.leads.set(leadId, updated);
    return copy(updated);
  }

  async returnMessage(projectId: string, leadId: string): Promise<void> {
    const lead = this.tables.leads.get(leadId);
    if (!lead || lead.projectId !== projectId) return;
    this.tables.leads.set(leadId, { ...lead, messagesUsed: Math.max(0, lead.messagesUsed - 1) });
  }

  async createOtp(otp: LeadOtp): Promise<void> {
    this.tables.leadOtps.set(otp.id, copy(otp));
  }

  async invalidateOtps(sessionId: string, now: Date): Promise<void> {
    for (const [id, otp] of this.tables.leadOtps) {
      if (otp.sessionId === sessionId && otp.consumedAt === null)
        this.tables.leadOtps.set(id, { ...otp, consumedAt: now });
    }
  }

  async findActiveOtp(sessionId: string): Promise<LeadOtp | null> {
    const open = [...this.tables.leadOtps.values()]
      .filter((otp) => otp.sessionId === sessionId && otp.consumedAt === null)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1));
    return open[0] ? copy(open[0]) : null;
  }

  async recordOtpAttempt(otpId: string): Promise<number> {
    const otp = this.tables.leadOtps.get(otpId);
    if (!otp) return 0;
    this.tables.leadOtps.set(otpId, { ...otp, attempts: otp.attempts + 1 });
    return otp.attempts + 1;
  }

  async consumeOtp(otpId: string, now: Date): Promise<boolean> {
    const otp = this.tables.leadOtps.get(otpId);
    if (!otp || otp.consumedAt !== null) return false;
    this.tables.leadOtps.set(otpId, { ...otp, consumedAt: now });
    return true;
  }
}
