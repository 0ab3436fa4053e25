import type { Conversation, Message } from '../assistant/conversation.js';
import type { AssistantSession, Lead, LeadOtp } from '../assistant/lead.js';
import type { WebhookDelivery } from '../ports/webhook-delivery.repository.port.js';
import type { Chunk, KnowledgeDocument } from '../knowledge/document.js';
import type { CuratedAnswer } from '../knowledge/curated-answers/curated-answer.js';
import type { ApiKey, Project } from '../projects/project.js';
import type { UsageEvent } from '../projects/usage.js';
import type { Otp, RefreshToken, SecurityEvent, User } from '../accounts/user.js';
import type { AuditEntry } from '../audit/audit-entry.js';

/** All tables of the in-memory fakes; cloned to implement transactions. */
export class InMemoryTables {
  users = new Map<string, User>();
  securityEvents: SecurityEvent[] = [];
  auditEntries: AuditEntry[] = [];
  otps = new Map<string, Otp>();
  refreshTokens = new Map<string, RefreshToken>();
  projects = new Map<string, Project>();
  apiKeys = new Map<string, ApiKey>();
  documents = new Map<string, KnowledgeDocument>();
  chunks = new Map<string, Chunk>();
  /** Indexing leases by document id (a column of `documents` in SQL). */
  documentLeases = new Map<string, Date>();
  /** Vectors of replaced chunks still to remove, by chunk id. */
  vectorRemovals = new Map<string, { projectId: string; notedAt: Date }>();
  /** Deleted projects whose vectors may still be stored, with when they were deleted. */
  deletedProjects = new Map<string, Date>();
  /** Token reservation leases by id. */
  tokenLeases = new Map<string, { projectId: string; tokens: number; expiresAt: Date }>();
  conversations = new Map<string, Conversation>();
  messages = new Map<string, Message>();
  usage: UsageEvent[] = [];
  curatedAnswers = new Map<string, CuratedAnswer>();
  leads = new Map<string, Lead>();
  leadOtps = new Map<string, LeadOtp>();
  assistantSessions = new Map<string, AssistantSession>();
  webhookDeliveries: WebhookDelivery[] = [];

  clone(): InMemoryTables {
    return Object.assign(new InMemoryTables(), structuredClone({ ...this }));
  }

  /** Removes a project and everything that belongs to it (the cascade of the SQL schema). */
  cascadeProject(projectId: string): void {
    this.projects.delete(projectId);
    for (const table of [
      this.apiKeys,
      this.documents,
      this.chunks,
      this.conversations,
      this.messages,
      this.leads,
      this.assistantSessions,
    ]) {
      for (const [id, row] of table)
        if ((row as { projectId: string }).projectId === projectId) table.delete(id);
    }
    this.usage = this.usage.filter((event) => event.projectId !== projectId);
    for (const [id, removal] of this.vectorRemovals)
      if (removal.projectId === projectId) this.vectorRemovals.delete(id);
    for (const [id, lease] of this.tokenLeases)
      if (lease.projectId === projectId) this.tokenLeases.delete(id);
    for (const [id, row] of this.curatedAnswers)
      if (row.projectId === projectId) this.curatedAnswers.delete(id);
    for (const [id, otp] of this.leadOtps) if (!this.leads.has(otp.leadId)) this.leadOtps.delete(id);
    this.webhookDeliveries = this.webhookDeliveries.filter((delivery) => delivery.projectId !== projectId);
  }
}

/** Shared holder so repositories and the unit of work see the same (swappable) tables. */
export class InMemoryDatabase {
  tables = new InMemoryTables();
}
