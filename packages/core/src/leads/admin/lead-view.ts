import type { Lead } from '../../assistant/index.js';

/** A lead as the dashboard shows it. */
export interface LeadView {
  id: string;
  name: string;
  email: string;
  verifiedAt: string | null;
  messagesUsed: number;
  createdAt: string;
  updatedAt: string;
}

export function toLeadView(lead: Lead): LeadView {
  return {
    id: lead.id,
    name: lead.name,
    email: lead.email,
    verifiedAt: lead.verifiedAt?.toISOString() ?? null,
    messagesUsed: lead.messagesUsed,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
  };
}
