import type { Timestamp } from './columns.js';

export const webhookDeliveriesTable = 'webhook_deliveries';
export interface WebhookDeliveryRow {
  id: string;
  project_id: string;
  event: string;
  lead_id: string | null;
  status: string;
  attempts: number;
  response_status: number | null;
  error: string | null;
  created_at: Timestamp;
}
export interface WebhookDeliveriesDatabase {
  webhook_deliveries: WebhookDeliveryRow;
}
