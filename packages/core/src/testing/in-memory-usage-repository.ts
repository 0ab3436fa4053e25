import { chargedPeriod } from '../projects/token-budget.js';
import type { TokenSettlement, UsageRepository } from '../ports/usage.repository.port.js';
import type { UsageEvent, UsageSummary, UsageTotals } from '../projects/usage.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import { takeLease } from './in-memory-project-repository.js';

const copy = structuredClone;

const emptyTotals = (): UsageTotals => ({ calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 });

function add(totals: UsageTotals, event: UsageEvent): void {
  totals.calls += 1;
  totals.promptTokens += event.promptTokens;
  totals.completionTokens += event.completionTokens;
  totals.totalTokens += event.totalTokens;
}

export class InMemoryUsageRepository implements UsageRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async record(event: UsageEvent, settlement: TokenSettlement = { reservedTokens: 0 }): Promise<void> {
    this.db.tables.usage.push(copy(event));
    const project = this.db.tables.projects.get(event.projectId);
    if (!project) return;
    const released =
      settlement.leaseId === undefined
        ? settlement.reservedTokens
        : takeLease(this.db, event.projectId, settlement.leaseId);
    project.tokensReserved = Math.max(0, project.tokensReserved - released);
    project.tokensUsed += event.totalTokens;
    Object.assign(project, chargedPeriod(project, event.totalTokens, event.createdAt));
  }

  async summary(projectId: string, since: Date): Promise<UsageSummary> {
    const totals = emptyTotals();
    const byEndpoint = new Map<string, UsageTotals>();
    const daily = new Map<string, UsageTotals>();
    for (const event of this.db.tables.usage) {
      if (event.projectId !== projectId || event.createdAt < since) continue;
      add(totals, event);
      add(
        byEndpoint.get(event.endpoint) ?? byEndpoint.set(event.endpoint, emptyTotals()).get(event.endpoint)!,
        event,
      );
      const day = event.createdAt.toISOString().slice(0, 10);
      add(daily.get(day) ?? daily.set(day, emptyTotals()).get(day)!, event);
    }
    return {
      totals,
      byEndpoint: [...byEndpoint]
        .map(([endpoint, value]) => ({ endpoint, ...value }))
        .sort((a, b) => a.endpoint.localeCompare(b.endpoint)),
      daily: [...daily].map(([day, value]) => ({ day, ...value })).sort((a, b) => a.day.localeCompare(b.day)),
    };
  }

  async recent(projectId: string, limit: number): Promise<UsageEvent[]> {
    return copy(
      this.db.tables.usage
        .filter((event) => event.projectId === projectId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
        .slice(0, limit),
    );
  }
}
