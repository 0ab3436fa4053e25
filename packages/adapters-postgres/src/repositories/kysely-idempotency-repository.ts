import type { IdempotencyRecord, IdempotencyRepository } from '@chatbuddy/core';
import { DomainError } from '@chatbuddy/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { IdempotencyKeyRow } from '../schema/idempotency-keys.js';
import type { Database } from '../schema/index.js';
import { isUuid } from './keyset.js';

function toRecord(row: Selectable<IdempotencyKeyRow>): IdempotencyRecord {
  return {
    projectId: row.project_id,
    key: row.key,
    requestHash: row.request_hash,
    state: row.state as IdempotencyRecord['state'],
    responseStatus: row.response_status,
    responseBody: row.response_body ?? null,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Idempotency keys. A claim is one upsert that inserts the key, or replaces it only when the
 * stored record has expired by the claim's own `createdAt`; the row lock makes concurrent claims
 * of one key yield exactly one winner.
 */
export class KyselyIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async claim(record: IdempotencyRecord): Promise<IdempotencyRecord | null> {
    if (!isUuid(record.projectId)) throw new DomainError('project_not_found', 'Project not found');
    // A record released between the upsert and the read is simply claimed again (bounded retry).
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await this.db
        .insertInto('idempotency_keys')
        .values({
          project_id: record.projectId,
          key: record.key,
          request_hash: record.requestHash,
          state: record.state,
          response_status: record.responseStatus,
          response_body: record.responseBody === null ? null : JSON.stringify(record.responseBody),
          created_at: record.createdAt,
          expires_at: record.expiresAt,
        })
        .onConflict((conflict) =>
          conflict
            .columns(['project_id', 'key'])
            .doUpdateSet({
              request_hash: sql`excluded.request_hash`,
              state: sql`excluded.state`,
              response_status: sql`excluded.response_status`,
              response_body: sql`excluded.response_body`,
              created_at: sql`excluded.created_at`,
              expires_at: sql`excluded.expires_at`,
            })
            .where(sql<boolean>`idempotency_keys.expires_at <= excluded.created_at`),
        )
        .returning('key')
        .executeTakeFirst();
      if (claimed) return null;
      const existing = await this.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('project_id', '=', record.projectId)
        .where('key', '=', record.key)
        .executeTakeFirst();
      if (existing) return toRecord(existing);
    }
    throw new DomainError('idempotency_key_in_use', 'The idempotency key is busy, try again', {
      retryable: true,
    });
  }

  async complete(projectId: string, key: string, status: number, body: unknown): Promise<void> {
    if (!isUuid(projectId)) return;
    await this.db
      .updateTable('idempotency_keys')
      .set({ state: 'completed', response_status: status, response_body: JSON.stringify(body ?? null) })
      .where('project_id', '=', projectId)
      .where('key', '=', key)
      .execute();
  }

  async release(projectId: string, key: string): Promise<void> {
    if (!isUuid(projectId)) return;
    await this.db
      .deleteFrom('idempotency_keys')
      .where('project_id', '=', projectId)
      .where('key', '=', key)
      .execute();
  }
}
