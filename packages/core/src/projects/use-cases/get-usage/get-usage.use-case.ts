import type { Project } from '../../project.js';
import type { UsageSummary } from '../../usage.js';
import { type TokenBudgetView, tokenBudget } from '../../token-budget.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { UsageRepository } from '../../../ports/usage.repository.port.js';

export interface UsageReport extends UsageSummary {
  tokenLimit: number | null;
  tokensUsed: number;
  /** Tokens left in the current budget period; null when unlimited. */
  tokensRemaining: number | null;
  /** The current budget period (a UTC month, or the project's lifetime). */
  period: TokenBudgetView;
  since: string;
  recent: Array<{
    endpoint: string;
    provider: string;
    model: string;
    promptTokens: number;
    completionTokens: number;
    totalTokens: number;
    latencyMs: number;
    outcome: string;
    createdAt: string;
  }>;
}

/** Token usage of a project: totals, per endpoint, per day (last 30 days), recent events. */
export class GetUsage {
  constructor(
    private readonly usage: UsageRepository,
    private readonly clock: Clock,
  ) {}

  async execute(project: Project, days = 30): Promise<UsageReport> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - days * 86_400_000);
    const period = tokenBudget(project, now);
    const [summary, recent] = await Promise.all([
      this.usage.summary(project.id, since),
      this.usage.recent(project.id, 20),
    ]);
    return {
      ...summary,
      tokenLimit: project.tokenLimit,
      tokensUsed: project.tokensUsed,
      tokensRemaining: period.remaining,
      period,
      since: since.toISOString(),
      recent: recent.map(({ id: _id, projectId: _projectId, createdAt, ...event }) => ({
        ...event,
        createdAt: createdAt.toISOString(),
      })),
    };
  }
}
