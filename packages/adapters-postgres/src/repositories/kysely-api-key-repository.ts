import type { ApiKey, ApiKeyKind, ApiKeyRepository } from '@chatbuddy/core';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeyRow } from '../schema/api-keys.js';
import type { Database } from '../schema/index.js';
import { isUuid } from './keyset.js';

function toApiKey(row: Selectable<ApiKeyRow>): ApiKey {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind as ApiKeyKind,
    prefix: row.prefix,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** Project keys, looked up by their unique visible prefix. */
export class KyselyApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(key: ApiKey): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({
        id: key.id,
        project_id: key.projectId,
        kind: key.kind,
        prefix: key.prefix,
        key_hash: key.keyHash,
        created_at: key.createdAt,
        expires_at: key.expiresAt,
        revoked_at: key.revokedAt,
      })
      .execute();
  }

  async findByPrefix(prefix: string): Promise<ApiKey | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('prefix', '=', prefix)
      .executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async listByProject(projectId: string): Promise<ApiKey[]> {
    if (!isUuid(projectId)) return [];
    const rows = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toApiKey);
  }

  async update(id: string, patch: Partial<Pick<ApiKey, 'expiresAt' | 'revokedAt'>>): Promise<void> {
    if (!isUuid(id) || (patch.expiresAt === undefined && patch.revokedAt === undefined)) return;
    await this.db
      .updateTable('api_keys')
      .set({
        ...(patch.expiresAt !== undefined && { expires_at: patch.expiresAt }),
        ...(patch.revokedAt !== undefined && { revoked_at: patch.revokedAt }),
      })
      .where('id', '=', id)
      .execute();
  }
}
