import type { ProjectId } from '../shared/common.js';
import type { AnalyticsFacts, AnalyticsQuery } from '../insights/index.js';

/** Read-only aggregates over a project's knowledge, conversations, feedback and usage. */
export const AnalyticsReader = Symbol.for('chatbuddy.AnalyticsReader');
export interface AnalyticsReader {
  /**
   * Counts of the project's documents, chunks, conversations, messages and leads (all time);
   * answers, ratings, curated hits, unanswered questions and thumbs-down answers since
   * `query.since`. The question of an answer is the latest user message of its conversation
   * at or before the answer. Unanswered questions are grouped by `normaliseQuestion`.
   * Lead notifications: webhook deliveries since `query.since` by outcome, and the latest failure.
   */
  read(projectId: ProjectId, query: AnalyticsQuery): Promise<AnalyticsFacts>;
}
