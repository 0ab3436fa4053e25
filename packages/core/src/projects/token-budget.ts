import { DomainError } from '../shared/domain-error.js';
import type { Project } from './project.js';

/** Over what a project's `tokenLimit` applies: each calendar month (UTC), or its whole lifetime. */
export const tokenLimitPeriods = ['month', 'lifetime'] as const;
export type TokenLimitPeriod = (typeof tokenLimitPeriods)[number];

/** The first instant of `at`'s calendar month, UTC. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** The first instant of the calendar month after `at`'s, UTC. */
export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

type BudgetFields = Pick<
  Project,
  | 'tokenLimit'
  | 'tokenLimitPeriod'
  | 'tokensUsed'
  | 'tokensReserved'
  | 'periodStart'
  | 'periodTokensUsed'
  | 'createdAt'
>;

/** Tokens charged in the period that contains `now` (the month's counter is stale after it ends). */
export function tokensUsedInPeriod(project: BudgetFields, now: Date): number {
  if (project.tokenLimitPeriod === 'lifetime') return project.tokensUsed;
  const current = project.periodStart !== null && project.periodStart.getTime() >= monthStart(now).getTime();
  return current ? project.periodTokensUsed : 0;
}

/**
 * The month counter after charging `tokens` logged at `at`: a later month starts a new count, the
 * same month adds to it, an earlier month (a late event) leaves it alone.
 */
export function chargedPeriod(
  project: Pick<Project, 'periodStart' | 'periodTokensUsed'>,
  tokens: number,
  at: Date,
): Pick<Project, 'periodStart' | 'periodTokensUsed'> {
  const month = monthStart(at);
  if (project.periodStart === null || project.periodStart.getTime() < month.getTime())
    return { periodStart: month, periodTokensUsed: tokens };
  if (project.periodStart.getTime() === month.getTime())
    return { periodStart: month, periodTokensUsed: project.periodTokensUsed + tokens };
  return { periodStart: project.periodStart, periodTokensUsed: project.periodTokensUsed };
}

/** The current budget period as the API shows it. */
export interface TokenBudgetView {
  period: TokenLimitPeriod;
  /** Start of the period: the month's first instant, or the project's creation. */
  start: string;
  /** When the period resets; null for a lifetime budget. */
  end: string | null;
  used: number;
  limit: number | null;
  /** Tokens left in the period; null when unlimited. */
  remaining: number | null;
}

export function tokenBudget(project: BudgetFields, now: Date): TokenBudgetView {
  const used = tokensUsedInPeriod(project, now);
  const monthly = project.tokenLimitPeriod === 'month';
  return {
    period: project.tokenLimitPeriod,
    start: (monthly ? monthStart(now) : project.createdAt).toISOString(),
    end: monthly ? nextMonthStart(now).toISOString() : null,
    used,
    limit: project.tokenLimit,
    remaining: project.tokenLimit === null ? null : Math.max(0, project.tokenLimit - used),
  };
}

/** When to retry a call refused only because running calls hold the rest of the budget. */
const busyRetrySeconds = 5;

/** Whether the period's budget is spent, counting running reservations. */
export function tokenLimitReached(project: BudgetFields, now: Date): boolean {
  return (
    project.tokenLimit !== null &&
    tokensUsedInPeriod(project, now) + project.tokensReserved >= project.tokenLimit
  );
}

/** `token_limit_exceeded`, retryable when the period resets (the next UTC month), never for a lifetime budget. */
export function tokenLimitExceeded(project: BudgetFields, now: Date): DomainError {
  const monthly = project.tokenLimitPeriod === 'month';
  const resetsAt = nextMonthStart(now);
  const spent = project.tokenLimit !== null && tokensUsedInPeriod(project, now) >= project.tokenLimit;
  if (!spent) {
    // What is left of the budget is held by answers being written: some of it comes back soon.
    return new DomainError(
      'token_limit_exceeded',
      'Answers in progress hold the rest of this project’s token limit; try again in a moment',
      {
        retryAfterSeconds: busyRetrySeconds,
        details: {
          period: project.tokenLimitPeriod,
          resetsAt: monthly ? resetsAt.toISOString() : null,
          reserved: project.tokensReserved,
        },
      },
    );
  }
  return new DomainError('token_limit_exceeded', 'This project has used its token limit', {
    ...(monthly && { retryAfterSeconds: Math.ceil((resetsAt.getTime() - now.getTime()) / 1000) }),
    details: { period: project.tokenLimitPeriod, resetsAt: monthly ? resetsAt.toISOString() : null },
  });
}
