import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttemptObservation } from './provider-failure.js';
import { retryAfterMs } from './retry-policy.js';

/**
 * One HTTP attempt of a provider call: its own abort controller (fired by the caller's signal or by
 * our timeout) and what the wire showed. The SDKs each hide status, headers or abort reasons in
 * their own way, so we observe them below the SDK, in the fetch they are given.
 */
export class Attempt implements AttemptObservation {
  readonly controller = new AbortController();
  callerAborted = false;
  timedOut = false;
  connectionFailed = false;
  status?: number;
  retryAfterMs?: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly onCallerAbort = () => {
    this.callerAborted = true;
    this.controller.abort(this.callerSignal?.reason);
  };

  constructor(
    private readonly timeoutMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    this.restartTimeout();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)starts the inactivity timeout: streams call this on every chunk. */
  restartTimeout(): void {
    clearTimeout(this.timer);
    if (this.controller.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error('provider timeout'));
    }, this.timeoutMs);
  }

  /** Stops the clock while the consumer, not the provider, holds the stream. */
  pauseTimeout(): void {
    clearTimeout(this.timer);
  }

  /** Stops the timer and the listener, and cancels the request if it is still open. */
  close(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    if (!this.controller.signal.aborted) this.controller.abort(new Error('attempt closed'));
  }

  record(response: Response): void {
    this.status = response.status;
    this.retryAfterMs = response.ok ? undefined : retryAfterMs(response.headers);
  }
}

const currentAttempt = new AsyncLocalStorage<Attempt>();

/** Runs `operation` with `attempt` visible to `trackedFetch`. */
export function withinAttempt<T>(attempt: Attempt, operation: () => T): T {
  return currentAttempt.run(attempt, operation);
}

/**
 * The fetch handed to every SDK: it ties the request to the current attempt's signal (so our
 * timeout and the caller's abort close the socket, even where an SDK has no per-request signal)
 * and records status and `Retry-After` before the SDK turns the response into its own error.
 */
export const trackedFetch: typeof fetch = async (input, init) => {
  const attempt = currentAttempt.getStore();
  if (!attempt) return fetch(input, init);
  const signal = init?.signal ? AbortSignal.any([init.signal, attempt.signal]) : attempt.signal;
  try {
    const response = await fetch(input, { ...init, signal });
    attempt.record(response);
    return response;
  } catch (error) {
    if (!attempt.signal.aborted) attempt.connectionFailed = true;
    throw error;
  }
};
