import type { Timestamp } from './columns.js';

export interface UsageLogRow {
  id: string;
  project_id: string;
  endpoint: string;
  provider: string;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  latency_ms: number;
  outcome: string;
  created_at: Timestamp;
}
export interface UsageLogsDatabase {
  usage_logs: UsageLogRow;
}
