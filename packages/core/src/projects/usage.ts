import type { ProjectId } from '../shared/common.js';

export const usageOutcomes = ['answered', 'abstained', 'curated', 'aborted', 'failed', 'rejected'] as const;
export type UsageOutcome = (typeof usageOutcomes)[number];

/** One metered call. */
export interface UsageEvent {
  id: string;
  projectId: ProjectId;
  endpoint: string;
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  latencyMs: number;
  outcome: UsageOutcome;
  createdAt: Date;
}

export interface UsageTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface UsageSummary {
  totals: UsageTotals;
  byEndpoint: Array<UsageTotals & { endpoint: string }>;
  daily: Array<UsageTotals & { day: string }>;
}
