import type { Project } from '../../projects/index.js';
import type { UsageSummary, UsageTotals } from '../../projects/index.js';
import type { AnalyticsReader } from '../../ports/analytics-reader.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { UsageRepository } from '../../ports/usage.repository.port.js';
import { type AnalyticsReport, toAnalyticsReport } from '../analytics-report.js';

const dayMs = 86_400_000;
const zero: UsageTotals = { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 };

/** The UTC days from `since` to `now`, each with its usage (zero when there was none). */
export function fillDays(daily: UsageSummary['daily'], since: Date, days: number): UsageSummary['daily'] {
  const byDay = new Map(daily.map((entry) => [entry.day, entry]));
  return Array.from({ length: days }, (_, index) => {
    const day = new Date(since.getTime() + index * dayMs).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, ...zero };
  });
}

/**
 * Analytics of a project over the last `days` UTC days (today included): counts, usage per
 * endpoint and per day, answered and `I don't know.` answers, the most frequent unanswered
 * questions, thumbs-down answers and curated-answer hits, each linking back to its message.
 */
export class GetAnalytics {
  constructor(
    private readonly analytics: AnalyticsReader,
    private readonly usage: UsageRepository,
    private readonly clock: Clock,
  ) {}

  async execute(project: Project, options: { days?: number; limit?: number } = {}): Promise<AnalyticsReport> {
    const days = options.days ?? 30;
    const now = this.clock.now();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const since = new Date(today - (days - 1) * dayMs);
    const [facts, usage] = await Promise.all([
      this.analytics.read(project.id, { since, limit: options.limit ?? 10 }),
      this.usage.summary(project.id, since),
    ]);
    return toAnalyticsReport(project, {
      since,
      until: now,
      facts,
      usage: { ...usage, daily: fillDays(usage.daily, since, days) },
    });
  }
}
