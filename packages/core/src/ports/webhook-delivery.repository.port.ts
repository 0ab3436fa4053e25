import type { ProjectId } from '../shared/common.js';

export const webhookDeliveryStatuses = ['delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** One announced event and how its delivery ended, after every retry. */
export interface WebhookDelivery {
  id: string;
  projectId: ProjectId;
  event: string;
  /** The lead the event is about, if any (kept after the lead is erased). */
  leadId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt; null when no answer came (timeout, refused). */
  responseStatus: number | null;
  /** Why the last attempt failed; null when delivered. */
  error: string | null;
  createdAt: Date;
}

/** Outcomes of webhook deliveries, so the dashboard and analytics can show failures. */
export const WebhookDeliveryRepository = Symbol.for('chatbuddy.WebhookDeliveryRepository');
export interface WebhookDeliveryRepository {
  record(delivery: WebhookDelivery): Promise<void>;
  /** The newest `limit` deliveries of a project, newest first. */
  listRecent(projectId: ProjectId, limit: number): Promise<WebhookDelivery[]>;
  /** Deliveries with `status` since `since` (inclusive). */
  countSince(projectId: ProjectId, status: WebhookDeliveryStatus, since: Date): Promise<number>;
}
