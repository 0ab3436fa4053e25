import type { Lead } from '../assistant/lead.js';
import type { LeadFilter, LeadDirectory, PurgeOutcome } from '../ports/lead-directory.port.js';
import type { Page, PageRequest } from '../shared/common.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import type { LeadSeeder } from './contracts/lead-directory.fixtures.js';
import { paginate } from './paging.js';

function matches(lead: Lead, filter: LeadFilter): boolean {
  if (filter.verified !== undefined && (lead.verifiedAt !== null) !== filter.verified) return false;
  if (!filter.search) return true;
  const needle = filter.search.toLowerCase();
  return lead.name.toLowerCase().includes(needle) || lead.email.toLowerCase().includes(needle);
}

/** Leads of the in-memory tables; erasure is one synchronous step, so it is atomic. */
export class InMemoryLeadDirectory implements LeadDirectory {
  constructor(private readonly db: InMemoryDatabase) {}

  private leads(projectId: string, filter: LeadFilter): Lead[] {
    return [...this.db.tables.leads.values()].filter(
      (lead) => lead.projectId === projectId && matches(lead, filter),
    );
  }

  async list(projectId: string, filter: LeadFilter, page: PageRequest): Promise<Page<Lead>> {
    return structuredClone(paginate(this.leads(projectId, filter), page));
  }

  async count(projectId: string, filter: LeadFilter): Promise<number> {
    return this.leads(projectId, filter).length;
  }

  async findById(projectId: string, leadId: string): Promise<Lead | null> {
    const lead = this.db.tables.leads.get(leadId);
    return lead && lead.projectId === projectId ? structuredClone(lead) : null;
  }

  async erase(projectId: string, leadId: string): Promise<boolean> {
    const tables = this.db.tables;
    const lead = tables.leads.get(leadId);
    if (!lead || lead.projectId !== projectId) return false;
    const sessions = [...tables.assistantSessions.values()].filter((session) => session.leadId === leadId);
    const sessionIds = new Set(sessions.map((session) => session.id));
    const conversationIds = new Set(sessions.flatMap((session) => session.conversationId ?? []));
    for (const conversation of tables.conversations.values()) {
      if (
        conversation.projectId === projectId &&
        conversation.sessionId &&
        sessionIds.has(conversation.sessionId)
      )
        conversationIds.add(conversation.id);
    }
    this.deleteConversations(projectId, conversationIds);
    for (const [id, otp] of tables.leadOtps)
      if (otp.leadId === leadId || sessionIds.has(otp.sessionId)) tables.leadOtps.delete(id);
    for (const id of sessionIds) tables.assistantSessions.delete(id);
    tables.leads.delete(leadId);
    return true;
  }

  async purgeInactiveBefore(projectId: string, cutoff: Date, limit: number): Promise<PurgeOutcome> {
    const old = [...this.db.tables.leads.values()]
      .filter((lead) => lead.projectId === projectId && lead.updatedAt.getTime() < cutoff.getTime())
      .slice(0, limit);
    for (const lead of old) await this.erase(projectId, lead.id);
    const conversations = [...this.db.tables.conversations.values()]
      .filter((item) => item.projectId === projectId && item.updatedAt.getTime() < cutoff.getTime())
      .slice(0, limit);
    this.deleteConversations(projectId, new Set(conversations.map((item) => item.id)));
    return { leads: old.length, conversations: conversations.length };
  }

  /** Deletes conversations with their messages; sessions pointing at them keep a null link. */
  private deleteConversations(projectId: string, ids: ReadonlySet<string>): void {
    const tables = this.db.tables;
    for (const id of ids) {
      if (tables.conversations.get(id)?.projectId === projectId) tables.conversations.delete(id);
    }
    for (const [id, message] of tables.messages)
      if (!tables.conversations.has(message.conversationId)) tables.messages.delete(id);
    for (const session of tables.assistantSessions.values())
      if (session.conversationId && !tables.conversations.has(session.conversationId))
        session.conversationId = null;
  }
}

/** Writes lead-flow rows straight into the in-memory tables (the fake keeps no message feedback). */
export function inMemoryLeadSeeder(db: InMemoryDatabase): LeadSeeder {
  return {
    lead: async (lead) => void db.tables.leads.set(lead.id, structuredClone(lead)),
    session: async (session) => void db.tables.assistantSessions.set(session.id, structuredClone(session)),
    otp: async (otp) => void db.tables.leadOtps.set(otp.id, structuredClone(otp)),
    exists: async (table, id) =>
      table === 'session'
        ? db.tables.assistantSessions.has(id)
        : table === 'otp'
          ? db.tables.leadOtps.has(id)
          : false,
  };
}
