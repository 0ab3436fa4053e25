/** How a provider call is retried after a rate limit, an overload, a 5xx or a connection error. */
export interface RetryOptions {
  /** Attempts in all, the first one included (default 3). */
  maxAttempts?: number;
  /** Backoff before the first retry, doubled for each further one, with full jitter (default 500 ms). */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay (default 8 s). */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` waited for. A provider asking for a longer pause fails the call at once
   * (with that pause as `retryAfterSeconds`) rather than holding a visitor's request (default 20 s).
   */
  maxRetryAfterMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 20_000,
};

/** The policy with defaults filled in and every number kept in a sane range. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...withoutUndefined(options) };
  return {
    maxAttempts: Math.max(1, Math.min(10, Math.floor(policy.maxAttempts))),
    baseDelayMs: Math.max(0, policy.baseDelayMs),
    maxDelayMs: Math.max(0, policy.maxDelayMs),
    maxRetryAfterMs: Math.max(0, policy.maxRetryAfterMs),
  };
}

/**
 * Delay before retry number `retry` (1 for the first retry): exponential backoff with full jitter,
 * so that many clients hit by the same outage do not come back in lockstep.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling * random());
}

/**
 * Milliseconds a response asks the client to wait, from `retry-after-ms` (OpenAI) or
 * `retry-after` (seconds or an HTTP date); undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `milliseconds`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
