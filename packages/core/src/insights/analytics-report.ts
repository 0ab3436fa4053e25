import { type Project, type TokenBudgetView, tokenBudget } from '../projects/index.js';
import type { UsageSummary } from '../projects/index.js';
import type { AnalyticsFacts, WebhookFailure } from './analytics.js';

/** Analytics as the API and the CLI show them. */
export interface AnalyticsReport {
  projectId: string;
  since: string;
  until: string;
  counts: AnalyticsFacts['counts'];
  usage: UsageSummary;
  answers: AnalyticsFacts['answers'] & { total: number; unansweredRate: number };
  ratings: AnalyticsFacts['ratings'];
  curatedHits: number;
  /** The current token budget period. */
  tokenBudget: TokenBudgetView;
  unansweredQuestions: Array<{
    question: string;
    count: number;
    conversationId: string;
    messageId: string;
    lastAskedAt: string;
    /** Dashboard route where a curated answer for the question can be added. */
    curatedAnswersPath: string;
  }>;
  thumbsDown: Array<{
    question: string | null;
    answer: string;
    comment: string | null;
    conversationId: string;
    messageId: string;
    ratedAt: string;
    curatedAnswersPath: string;
  }>;
  /** Webhook deliveries of verified leads in the window, and the latest failure. */
  leadNotifications: {
    delivered: number;
    failed: number;
    lastFailure: (Omit<WebhookFailure, 'at'> & { at: string }) | null;
  };
}

export function toAnalyticsReport(
  project: Project,
  input: { since: Date; until: Date; facts: AnalyticsFacts; usage: UsageSummary },
): AnalyticsReport {
  const { facts } = input;
  const { lastFailure } = facts.leadNotifications;
  const curatedAnswersPath = `/projects/${project.id}/answers`;
  const total = facts.answers.answered + facts.answers.unanswered;
  return {
    projectId: project.id,
    since: input.since.toISOString(),
    until: input.until.toISOString(),
    counts: facts.counts,
    usage: input.usage,
    answers: {
      ...facts.answers,
      total,
      unansweredRate: total === 0 ? 0 : facts.answers.unanswered / total,
    },
    ratings: facts.ratings,
    curatedHits: facts.curatedHits,
    tokenBudget: tokenBudget(project, input.until),
    unansweredQuestions: facts.unansweredQuestions.map(({ lastAskedAt, ...question }) => ({
      ...question,
      lastAskedAt: lastAskedAt.toISOString(),
      curatedAnswersPath,
    })),
    thumbsDown: facts.thumbsDown.map(({ ratedAt, ...answer }) => ({
      ...answer,
      ratedAt: ratedAt.toISOString(),
      curatedAnswersPath,
    })),
    leadNotifications: {
      ...facts.leadNotifications,
      lastFailure: lastFailure && { ...lastFailure, at: lastFailure.at.toISOString() },
    },
  };
}
