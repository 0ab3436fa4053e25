import type {
  TokenSettlement,
  UsageEvent,
  UsageOutcome,
  UsageRepository,
  UsageSummary,
  UsageTotals,
} from '@chatbuddy/core';
import { invalidInput, monthStart } from '@chatbuddy/core';
import { type Kysely, type QueryCreator, sql } from 'kysely';
import type { Database } from '../schema/index.js';
import { isUuid } from './keyset.js';
import { assertTokens } from './kysely-project-repository.js';

interface TotalsRow {
  key: string;
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

const toTotals = (row: TotalsRow): UsageTotals => ({
  calls: Number(row.calls),
  promptTokens: Number(row.prompt_tokens),
  completionTokens: Number(row.completion_tokens),
  totalTokens: Number(row.total_tokens),
});

/**
 * The statement that logs `event` and charges its tokens to its project (see `record`). Built on
 * `db`, which may carry data-modifying CTEs of its own: they commit with the charge or not at all.
 */
export function usageCharge(db: QueryCreator<Database>, event: UsageEvent, settlement: TokenSettlement) {
  assertTokens(event.totalTokens, settlement.reservedTokens);
  const month = monthStart(event.createdAt);
  const { leaseId } = settlement;
  if (leaseId !== undefined && !isUuid(leaseId)) throw invalidInput('A token lease id is a UUID');
  // With a lease, the tokens it still holds are released (none when a sweep already did).
  const released =
    leaseId === undefined
      ? sql<number>`${settlement.reservedTokens}`
      : sql<number>`coalesce((select sum(tokens) from released), 0)`;
  const withLease: QueryCreator<Database> =
    leaseId === undefined
      ? db
      : (db.with('released', (creator) =>
          creator
            .deleteFrom('token_reservations')
            .where('id', '=', leaseId)
            .where('project_id', '=', event.projectId)
            .returning('tokens'),
        ) as unknown as QueryCreator<Database>);
  return withLease
    .with('logged', (creator) =>
      creator
        .insertInto('usage_logs')
        .values({
          id: event.id,
          project_id: event.projectId,
          endpoint: event.endpoint,
          provider: event.provider,
          model: event.model,
          prompt_tokens: event.promptTokens,
          completion_tokens: event.completionTokens,
          total_tokens: event.totalTokens,
          latency_ms: event.latencyMs,
          outcome: event.outcome,
          created_at: event.createdAt,
        })
        .returning(['project_id', 'total_tokens']),
    )
    .updateTable('projects')
    .from('logged')
    .set({
      tokens_used: sql<number>`projects.tokens_used + logged.total_tokens`,
      // A later month restarts the month counter, the same month adds to it, an earlier one
      // (a late event) leaves it alone.
      period_tokens_used: sql<number>`case
        when projects.period_start is null or projects.period_start < ${month} then logged.total_tokens
        when projects.period_start = ${month} then projects.period_tokens_used + logged.total_tokens
        else projects.period_tokens_used end`,
      period_start: sql<Date>`greatest(coalesce(projects.period_start, ${month}), ${month})`,
      tokens_reserved: sql<number>`greatest(0, projects.tokens_reserved - ${released})`,
    })
    .whereRef('projects.id', '=', 'logged.project_id');
}

/** Usage log with grouped summaries computed in SQL; recording an event charges its tokens. */
export class KyselyUsageRepository implements UsageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** One statement: the log row and the project's counters are written together or not at all. */
  async record(event: UsageEvent, settlement: TokenSettlement = { reservedTokens: 0 }): Promise<void> {
    await usageCharge(this.db, event, settlement).execute();
  }

  async summary(projectId: string, since: Date): Promise<UsageSummary> {
    const empty = { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    if (!isUuid(projectId)) return { totals: empty, byEndpoint: [], daily: [] };
    // One scan, three groupings: '' = totals, 'e:<endpoint>' and 'd:<day>'.
    const result = await sql<TotalsRow>`
      select coalesce('e:' || endpoint, 'd:' || day, '') as key,
             count(*)::int as calls, sum(prompt_tokens)::bigint as prompt_tokens,
             sum(completion_tokens)::bigint as completion_tokens, sum(total_tokens)::bigint as total_tokens
      from (select *, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day from usage_logs
            where project_id = ${projectId}::uuid and created_at >= ${since}) events
      group by grouping sets ((), (endpoint), (day))`.execute(this.db);
    const byEndpoint: UsageSummary['byEndpoint'] = [];
    const daily: UsageSummary['daily'] = [];
    let totals: UsageTotals = empty;
    for (const row of result.rows) {
      if (row.key.startsWith('e:')) byEndpoint.push({ endpoint: row.key.slice(2), ...toTotals(row) });
      else if (row.key.startsWith('d:')) daily.push({ day: row.key.slice(2), ...toTotals(row) });
      else if (Number(row.calls) > 0) totals = toTotals(row);
    }
    byEndpoint.sort((a, b) => a.endpoint.localeCompare(b.endpoint));
    daily.sort((a, b) => a.day.localeCompare(b.day));
    return { totals, byEndpoint, daily };
  }

  async recent(projectId: string, limit: number): Promise<UsageEvent[]> {
    if (!isUuid(projectId) || limit <= 0) return [];
    const rows = await this.db
      .selectFrom('usage_logs')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      projectId: row.project_id,
      endpoint: row.endpoint,
      provider: row.provider,
      model: row.model,
      promptTokens: row.prompt_tokens,
      completionTokens: row.completion_tokens,
      totalTokens: row.total_tokens,
      latencyMs: row.latency_ms,
      outcome: row.outcome as UsageOutcome,
      createdAt: row.created_at,
    }));
  }
}
