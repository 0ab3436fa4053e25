import type { ProjectId } from '../shared/common.js';
import type { UsageEvent, UsageSummary } from '../projects/index.js';

/** How a recorded call settles the project's token reservation. */
export interface TokenSettlement {
  /** Tokens reserved for the call before it ran; released as the real usage is charged. */
  reservedTokens: number;
  /** The reservation's lease: when given, its tokens are released (once) instead of `reservedTokens`. */
  leaseId?: string;
}

/** Usage log of metered calls; the only way tokens are charged to a project. */
export const UsageRepository = Symbol.for('chatbuddy.UsageRepository');
export interface UsageRepository {
  /**
   * In one atomic step: logs the call, adds its `totalTokens` to the project's `tokensUsed` and
   * releases `reservedTokens` of its reservation. A project's `tokensUsed` therefore always equals
   * the sum of its logged `totalTokens` (plus what it was created with). In the same step the
   * month counter is charged: an event of a later UTC month than `periodStart` restarts it
   * (`periodStart` becomes that month), one of the same month adds to it, an earlier one does not
   * touch it; so `periodTokensUsed` equals the logged tokens of the month at `periodStart`.
   */
  record(event: UsageEvent, settlement?: TokenSettlement): Promise<void>;
  /** Totals, per endpoint, and per UTC day since `since`. */
  summary(projectId: ProjectId, since: Date): Promise<UsageSummary>;
  /** Most recent events, newest first. */
  recent(projectId: ProjectId, limit: number): Promise<UsageEvent[]>;
}
