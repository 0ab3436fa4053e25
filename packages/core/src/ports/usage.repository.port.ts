import type { ProjectId } from '../shared/common.js';
import type { UsageEvent, UsageSummary } from '../projects/index.js';

/** Usage log of metered calls. */
export const UsageRepository = Symbol.for('chatbuddy.UsageRepository');
export interface UsageRepository {
  record(event: UsageEvent): Promise<void>;
  /** Totals, per endpoint, and per UTC day since `since`. */
  summary(projectId: ProjectId, since: Date): Promise<UsageSummary>;
  /** Most recent events, newest first. */
  recent(projectId: ProjectId, limit: number): Promise<UsageEvent[]>;
}
