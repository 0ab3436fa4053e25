import type { AssistantSession, Lead, LeadOtp } from '../../assistant/lead.js';
import type { LeadDirectory } from '../../ports/lead-directory.port.js';
import type { TransactionalRepositories } from '../../ports/unit-of-work.port.js';
import type { WebhookDeliveryRepository } from '../../ports/webhook-delivery.repository.port.js';
import { fixtureId } from './fixtures.js';

/** Writes the rows the lead flow would write, so the directory has something to find. */
export interface LeadSeeder {
  lead(lead: Lead): Promise<void>;
  session(session: AssistantSession): Promise<void>;
  otp(otp: LeadOtp): Promise<void>;
  /** Feedback on a message; stores without feedback leave it out. */
  feedback?(projectId: string, messageId: string): Promise<void>;
  exists(table: 'session' | 'otp' | 'feedback', id: string): Promise<boolean>;
}

export interface LeadDirectorySubject {
  repositories: TransactionalRepositories;
  directory: LeadDirectory;
  deliveries: WebhookDeliveryRepository;
  seed: LeadSeeder;
}

export type MakeLeadDirectorySubject = () => Promise<LeadDirectorySubject> | LeadDirectorySubject;

const at = new Date('2026-01-01T00:00:00.000Z');

export function makeDirectoryLead(projectId: string, overrides: Partial<Lead> = {}): Lead {
  const id = fixtureId();
  return {
    id,
    projectId,
    name: 'Jane Doe',
    email: `jane-${id}@example.com`,
    verifiedAt: null,
    messagesUsed: 0,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function makeSession(lead: Lead, overrides: Partial<AssistantSession> = {}): AssistantSession {
  return {
    id: fixtureId(),
    projectId: lead.projectId,
    state: 'ready',
    name: lead.name,
    email: lead.email,
    leadId: lead.id,
    conversationId: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function makeDirectoryLeadOtp(session: AssistantSession, overrides: Partial<LeadOtp> = {}): LeadOtp {
  return {
    id: fixtureId(),
    leadId: session.leadId ?? fixtureId(),
    sessionId: session.id,
    codeHash: 'code-hash',
    attempts: 0,
    expiresAt: new Date(at.getTime() + 600_000),
    consumedAt: null,
    createdAt: at,
    ...overrides,
  };
}
