import type {
  WebhookDelivery,
  WebhookDeliveryRepository,
  WebhookDeliveryStatus,
} from '../ports/webhook-delivery.repository.port.js';
import type { InMemoryDatabase } from './in-memory-database.js';

/** Webhook delivery outcomes kept in the in-memory tables. */
export class InMemoryWebhookDeliveryRepository implements WebhookDeliveryRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async record(delivery: WebhookDelivery): Promise<void> {
    this.db.tables.webhookDeliveries.push(structuredClone(delivery));
  }

  async listRecent(projectId: string, limit: number): Promise<WebhookDelivery[]> {
    return structuredClone(
      this.db.tables.webhookDeliveries
        .filter((delivery) => delivery.projectId === projectId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
        .slice(0, limit),
    );
  }

  async countSince(projectId: string, status: WebhookDeliveryStatus, since: Date): Promise<number> {
    return this.db.tables.webhookDeliveries.filter(
      (delivery) =>
        delivery.projectId === projectId &&
        delivery.status === status &&
        delivery.createdAt.getTime() >= since.getTime(),
    ).length;
  }
}
