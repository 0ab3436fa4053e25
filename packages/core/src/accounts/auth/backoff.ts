import { DomainError } from '../../shared/domain-error.js';
import type { RateLimiter, RateLimitRule } from '../../ports/rate-limiter.port.js';

/** Exponential backoff of failures: a few free ones, then waits that double up to a ceiling. */
export interface BackoffPolicy {
  /** Failures allowed back to back before any wait. */
  freeFailures: number;
  /** Wait after the first failure beyond the free ones; each further failure doubles it. */
  baseDelayMs: number;
  /** Longest wait; at this point at most `freeFailures + steps` failures fit in `maxDelayMs`. */
  maxDelayMs: number;
}

/**
 * The backoff as sliding-window rules: rule k allows `freeFailures + k` failures per
 * `baseDelayMs * 2^k` (the last window capped at `maxDelayMs`). After n quick failures beyond the
 * free ones the next attempt waits about `baseDelayMs * 2^(n-1)`, and an idle key recovers fully
 * after `maxDelayMs`. Any rate limiter can count them, shared between instances or not.
 */
export function backoffRules(policy: BackoffPolicy): RateLimitRule[] {
  const rules: RateLimitRule[] = [];
  for (let step = 0; ; step++) {
    const windowMs = Math.min(policy.baseDelayMs * 2 ** step, policy.maxDelayMs);
    rules.push({ limit: policy.freeFailures + step, windowMs });
    if (windowMs >= policy.maxDelayMs) return rules;
  }
}

/** One key counted under some rules. */
export interface AttemptScope {
  key: string;
  rules: readonly RateLimitRule[];
}

/** What recording an attempt found, and how to take it back if it turns out not to count. */
export interface RecordedAttempt {
  /** Milliseconds to wait when some rule of `scope` was exceeded (nothing was recorded there); else 0. */
  retryAfterMs(scope: AttemptScope): number;
  /** Whether `scope` had hits before this attempt, under its longest rule. */
  hadHits(scope: AttemptScope): boolean;
  /** Takes back this attempt's hits in `scopes`. */
  refund(scopes: readonly AttemptScope[]): Promise<void>;
}

const ruleKey = (key: string, rule: RateLimitRule) => `${key}/${rule.windowMs}`;

/**
 * Records one hit of every scope under each of its rules, atomically per rule so concurrent
 * attempts are all counted. Nothing is refused here: the caller decides from `retryAfterMs`, and
 * a scope that was exceeded records nothing (refused attempts do not lengthen the wait).
 */
export async function recordAttempt(
  limiter: RateLimiter,
  scopes: readonly AttemptScope[],
): Promise<RecordedAttempt> {
  const results = new Map<AttemptScope, { refused: boolean; retryAfterMs: number; hadHits: boolean }>();
  await Promise.all(
    scopes.map(async (scope) => {
      const decisions = await Promise.all(
        scope.rules.map(async (rule) => ({
          rule,
          decision: await limiter.consume(ruleKey(scope.key, rule), rule),
        })),
      );
      const refused = decisions.filter(({ decision }) => !decision.allowed);
      if (refused.length > 0) {
        await takeBack(
          limiter,
          scope.key,
          decisions.filter(({ decision }) => decision.allowed).map(({ rule }) => rule),
        );
      }
      const longest = decisions.at(-1)!;
      results.set(scope, {
        refused: refused.length > 0,
        retryAfterMs: Math.max(1, ...refused.map(({ decision }) => decision.retryAfterMs)),
        hadHits: !longest.decision.allowed || longest.rule.limit - 1 - longest.decision.remaining > 0,
      });
    }),
  );
  return {
    retryAfterMs: (scope) => (results.get(scope)?.refused ? results.get(scope)!.retryAfterMs : 0),
    hadHits: (scope) => results.get(scope)?.hadHits ?? false,
    refund: async (refunded) => {
      for (const scope of refunded) {
        if (results.has(scope) && !results.get(scope)!.refused)
          await takeBack(limiter, scope.key, scope.rules);
      }
    },
  };
}

async function takeBack(limiter: RateLimiter, key: string, rules: readonly RateLimitRule[]): Promise<void> {
  await Promise.all(rules.map((rule) => limiter.refund(ruleKey(key, rule), rule)));
}

/** Forgets every hit of a scope. */
export async function clearScope(limiter: RateLimiter, scope: AttemptScope): Promise<void> {
  await Promise.all(scope.rules.map((rule) => limiter.reset(ruleKey(scope.key, rule))));
}

/** The `rate_limited` error for a wait of `retryAfterMs`. */
export function rateLimited(
  retryAfterMs: number,
  message = 'Too many attempts; try again later',
): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new DomainError('rate_limited', message, { retryAfterSeconds, details: { retryAfterSeconds } });
}
