import type {
  ModelProvider,
  TokenLimitPeriod,
  Page,
  PageRequest,
  Project,
  ProjectPatch,
  ProjectRepository,
  TokenLease,
} from '@chatbuddy/core';
import { invalidInput, monthStart } from '@chatbuddy/core';
import { type Kysely, type QueryCreator, type Selectable, sql } from 'kysely';
import type { Database } from '../schema/index.js';
import type { ProjectRow } from '../schema/projects.js';
import { afterCursor, fetchSize, isUuid, toPage } from './keyset.js';

export function toProject(row: Selectable<ProjectRow>): Project {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    modelProvider: row.model_provider as ModelProvider,
    modelConfig: row.model_config,
    systemPrompt: row.system_prompt,
    assistant: row.assistant,
    allowedOrigins: row.allowed_origins,
    tokenLimit: row.token_limit === null ? null : Number(row.token_limit),
    tokenLimitPeriod: row.token_limit_period as TokenLimitPeriod,
    tokensUsed: Number(row.tokens_used),
    periodStart: row.period_start === null ? null : new Date(row.period_start),
    periodTokensUsed: Number(row.period_tokens_used),
    tokensReserved: Number(row.tokens_reserved),
    embeddingModel: row.embedding_model,
    metadata: row.metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function assertTokens(...values: number[]): void {
  if (values.some((value) => !Number.isSafeInteger(value) || value < 0))
    throw invalidInput('Token counts must be non-negative integers');
}

/** Projects with atomic token counters (single-statement updates, no read-modify-write). */
export class KyselyProjectRepository implements ProjectRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(project: Project): Promise<Project> {
    await this.db
      .insertInto('projects')
      .values({
        id: project.id,
        owner_id: project.ownerId,
        name: project.name,
        model_provider: project.modelProvider,
        model_config: JSON.stringify(project.modelConfig),
        system_prompt: project.systemPrompt,
        assistant: JSON.stringify(project.assistant),
        allowed_origins: JSON.stringify(project.allowedOrigins),
        token_limit: project.tokenLimit,
        token_limit_period: project.tokenLimitPeriod,
        tokens_used: project.tokensUsed,
        period_start: project.periodStart,
        period_tokens_used: project.periodTokensUsed,
        tokens_reserved: project.tokensReserved,
        embedding_model: project.embeddingModel,
        metadata: JSON.stringify(project.metadata),
        created_at: project.createdAt,
        updated_at: project.updatedAt,
      })
      .execute();
    return structuredClone(project);
  }

  async findById(id: string): Promise<Project | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toProject(row) : null;
  }

  async list(filter: { ownerId?: string }, page: PageRequest): Promise<Page<Project>> {
    if (filter.ownerId !== undefined && !isUuid(filter.ownerId)) return { items: [], nextCursor: null };
    let query = this.db.selectFrom('projects').selectAll().where(afterCursor(page));
    if (filter.ownerId !== undefined) query = query.where('owner_id', '=', filter.ownerId);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(fetchSize(page))
      .execute();
    return toPage(rows.map(toProject), page);
  }

  async update(id: string, patch: ProjectPatch, at: Date): Promise<Project | null> {
    if (!isUuid(id)) return null;
    const json = (value: unknown) => JSON.stringify(value);
    const row = await this.db
      .updateTable('projects')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.modelProvider !== undefined && { model_provider: patch.modelProvider }),
        ...(patch.modelConfig !== undefined && { model_config: json(patch.modelConfig) }),
        ...(patch.systemPrompt !== undefined && { system_prompt: patch.systemPrompt }),
        ...(patch.assistant !== undefined && { assistant: json(patch.assistant) }),
        ...(patch.allowedOrigins !== undefined && { allowed_origins: json(patch.allowedOrigins) }),
        ...(patch.tokenLimit !== undefined && { token_limit: patch.tokenLimit }),
        ...(patch.tokenLimitPeriod !== undefined && { token_limit_period: patch.tokenLimitPeriod }),
        ...(patch.embeddingModel !== undefined && { embedding_model: patch.embeddingModel }),
        ...(patch.metadata !== undefined && { metadata: json(patch.metadata) }),
        updated_at: at,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row ? toProject(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    // One statement: the project goes, and is noted for the vector store's cleanup.
    const rows = await this.db
      .with('deleted', (db) => db.deleteFrom('projects').where('id', '=', id).returning('id'))
      .insertInto('deleted_projects')
      .columns(['project_id', 'deleted_at'])
      .expression((db) =>
        db.selectFrom('deleted').select(['deleted.id as project_id', sql<Date>`now()`.as('deleted_at')]),
      )
      .onConflict((conflict) => conflict.column('project_id').doUpdateSet({ deleted_at: sql<Date>`now()` }))
      .returning('project_id')
      .execute();
    return rows.length > 0;
  }

  async deletedWithVectors(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('deleted_projects')
      .select('project_id')
      .orderBy('deleted_at')
      .orderBy('project_id')
      .limit(Math.max(0, limit))
      .execute();
    return rows.map((row) => row.project_id);
  }

  async vectorsDropped(id: string, settledMs = 0): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.db
      .deleteFrom('deleted_projects')
      .where('project_id', '=', id)
      .where(
        'deleted_at',
        '<=',
        sql<Date>`now() - ${Math.max(0, Math.floor(settledMs))} * interval '1 millisecond'`,
      )
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async reserveTokens(id: string, tokens: number, at: Date, lease?: TokenLease): Promise<boolean> {
    assertTokens(tokens);
    if (!isUuid(id)) return false;
    if (lease && !isUuid(lease.id)) throw invalidInput('A token lease id is a UUID');
    // The month counter counts only while its month is the current one.
    const used = sql`case when token_limit_period = 'lifetime' then tokens_used
      when period_start >= ${monthStart(at)} then period_tokens_used else 0 end`;
    const reserve = (db: QueryCreator<Database>) =>
      db
        .updateTable('projects')
        .set({ tokens_reserved: sql<number>`tokens_reserved + ${tokens}` })
        .where('id', '=', id)
        .where(sql<boolean>`(token_limit is null or ${used} + tokens_reserved < token_limit)`)
        .returning('id');
    if (!lease) return (await reserve(this.db).execute()).length === 1;
    // The counter and the lease are written by one statement: both or neither.
    const rows = await this.db
      .with('reserved', reserve)
      .insertInto('token_reservations')
      .columns(['id', 'project_id', 'tokens', 'expires_at'])
      .expression((db) =>
        db
          .selectFrom('reserved')
          .select([
            sql<string>`${lease.id}::uuid`.as('id'),
            'reserved.id as project_id',
            sql<number>`${tokens}::bigint`.as('tokens'),
            sql<Date>`${lease.expiresAt}::timestamptz`.as('expires_at'),
          ]),
      )
      .returning('id')
      .execute();
    return rows.length === 1;
  }

  async releaseTokens(id: string, reserved: number, leaseId?: string): Promise<void> {
    assertTokens(reserved);
    if (!isUuid(id)) return;
    if (leaseId === undefined) {
      await this.db
        .updateTable('projects')
        .set({ tokens_reserved: sql<number>`greatest(0, tokens_reserved - ${reserved})` })
        .where('id', '=', id)
        .execute();
      return;
    }
    if (!isUuid(leaseId)) return;
    await this.db
      .with('released', (db) =>
        db
          .deleteFrom('token_reservations')
          .where('id', '=', leaseId)
          .where('project_id', '=', id)
          .returning(['project_id', 'tokens']),
      )
      .updateTable('projects')
      .from('released')
      .set({ tokens_reserved: sql<number>`greatest(0, projects.tokens_reserved - released.tokens)` })
      .whereRef('projects.id', '=', 'released.project_id')
      .execute();
  }

  async releaseExpiredLeases(at: Date | null): Promise<number> {
    const released = await this.db
      .with('released', (db) =>
        db
          .deleteFrom('token_reservations')
          .$if(at !== null, (query) => query.where('expires_at', '<=', at!))
          .returning(['project_id', 'tokens']),
      )
      .with('totals', (db) =>
        db
          .selectFrom('released')
          .select([
            'project_id',
            sql<number>`sum(tokens)`.as('tokens'),
            sql<number>`count(*)::int`.as('leases'),
          ])
          .groupBy('project_id'),
      )
      .updateTable('projects')
      .from('totals')
      .set({ tokens_reserved: sql<number>`greatest(0, projects.tokens_reserved - totals.tokens)` })
      .whereRef('projects.id', '=', 'totals.project_id')
      .returning('totals.leases')
      .execute();
    return released.reduce((sum, row) => sum + Number(row.leases), 0);
  }
}
