import type { ApiKey, ApiKeyKind, ApiKeyRepository, KeyWithProject } from '@chatbuddy/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { ApiKeyRow } from '../schema/api-keys.js';
import { genericPlanComment } from '../dialect/plan-hints.js';
import type { Database } from '../schema/index.js';
import { isUuid } from './keyset.js';
import { curatedRevisionOf } from './kysely-curated-answer-repository.js';
import { toProject } from './kysely-project-repository.js';

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

  /**
   * One statement: the key, its project and the project's curated-answer revision. Every request
   * made with a key runs it: its plan is generic (unique keys only).
   */
  async findByPrefixWithProject(prefix: string): Promise<KeyWithProject | null> {
    const row = await this.db
      .selectFrom('api_keys as k')
      .innerJoin('projects as p', 'p.id', 'k.project_id')
      .selectAll('p')
      .select([
        'k.id as key_id',
        'k.kind as key_kind',
        'k.prefix as key_prefix',
        'k.key_hash as key_hash',
        'k.created_at as key_created_at',
        'k.expires_at as key_expires_at',
        'k.revoked_at as key_revoked_at',
        curatedRevisionOf(sql.ref('p.id')).as('curated_revision'),
      ])
      .where('k.prefix', '=', prefix)
      .modifyEnd(sql.raw(genericPlanComment))
      .executeTakeFirst();
    if (!row) return null;
    const key = toApiKey({
      id: row.key_id,
      project_id: row.id,
      kind: row.key_kind,
      prefix: row.key_prefix,
      key_hash: row.key_hash,
      created_at: row.key_created_at,
      expires_at: row.key_expires_at,
      revoked_at: row.key_revoked_at,
    });
    const { curated_revision: curatedRevision, ...projectRow } = row;
    return { key, project: toProject(projectRow), curatedRevision };
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
