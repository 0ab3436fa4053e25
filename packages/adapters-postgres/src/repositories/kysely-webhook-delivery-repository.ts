import type { WebhookDelivery, WebhookDeliveryRepository, WebhookDeliveryStatus } from '@chatbuddy/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema/index.js';
import type { WebhookDeliveryRow } from '../schema/webhook-deliveries.js';
import { isUuid } from './keyset.js';

function toDelivery(row: Selectable<WebhookDeliveryRow>): WebhookDelivery {
  return {
    id: row.id,
    projectId: row.project_id,
    event: row.event,
    leadId: row.lead_id,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    responseStatus: row.response_status,
    error: row.error,
    createdAt: row.created_at,
  };
}

/** Webhook delivery outcomes, one row per announced event. */
export class KyselyWebhookDeliveryRepository implements WebhookDeliveryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(delivery: WebhookDelivery): Promise<void> {
    await this.db
      .insertInto('webhook_deliveries')
      .values({
        id: delivery.id,
        project_id: delivery.projectId,
        event: delivery.event,
        lead_id: delivery.leadId,
        status: delivery.status,
        attempts: delivery.attempts,
        response_status: delivery.responseStatus,
        error: delivery.error,
        created_at: delivery.createdAt,
      })
      .execute();
  }

  async listRecent(projectId: string, limit: number): Promise<WebhookDelivery[]> {
    if (!isUuid(projectId)) return [];
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async countSince(projectId: string, status: WebhookDeliveryStatus, since: Date): Promise<number> {
    if (!isUuid(projectId)) return 0;
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('project_id', '=', projectId)
      .where('status', '=', status)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
