import type { ChatCompletion, ChatStreamEvent, DomainError, TokenUsage } from '@chatbuddy/core';
import { Attempt, withinAttempt } from './attempt.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import {
  classifyFailure,
  isRetryable,
  passThrough,
  type ProviderFailure,
  providerError,
} from './provider-failure.js';
import {
  abortableSleep,
  backoffDelayMs,
  type RetryOptions,
  type RetryPolicy,
  retryPolicy,
} from './retry-policy.js';

/** Timeout and retry knobs shared by every hosted adapter. */
export interface ProviderCallOptions {
  /** Longest wait for a response, and for each next chunk of a stream (default 30 s). */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** The provider's circuit breaker, shared by its chat model and embedder; none: no breaker. */
  circuit?: CircuitBreaker;
}

/** One normalised piece of a provider's stream. */
export interface ChatStreamPart {
  text?: string;
  usage?: TokenUsage | null;
  finishReason?: ChatCompletion['finishReason'];
  model?: string;
}

export interface CallOverrides {
  timeoutMs?: number;
  maxAttempts?: number;
}

/**
 * Runs provider calls with a timeout per attempt, retries with backoff, cancellation, and the
 * translation of every failure into a DomainError. One per adapter instance.
 */
export class ProviderCaller {
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  private readonly circuit: CircuitBreaker | undefined;

  constructor(
    /** Display name used in messages, e.g. `OpenAI`. */
    readonly provider: string,
    options: ProviderCallOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.timeoutMs = Math.max(1, options.timeoutMs ?? 30_000);
    this.policy = retryPolicy(options.retry);
    this.circuit = options.circuit;
  }

  /** Runs `operation` (one HTTP exchange through `trackedFetch`) until it succeeds or may not be retried. */
  async call<T>(
    operation: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
    overrides: CallOverrides = {},
  ): Promise<T> {
    const timeoutMs = overrides.timeoutMs ?? this.timeoutMs;
    const maxAttempts = overrides.maxAttempts ?? this.policy.maxAttempts;
    this.circuit?.admit();
    for (let number = 1; ; number += 1) {
      const attempt = new Attempt(timeoutMs, signal);
      try {
        const result = await withinAttempt(attempt, () => operation(attempt.signal));
        this.circuit?.succeeded();
        return result;
      } catch (error) {
        await this.pauseOrFail(error, attempt, number, { timeoutMs, maxAttempts }, signal);
      } finally {
        attempt.close();
      }
    }
  }

  /**
   * Streams a completion from `open`, retrying (as `call` does) only while no token has been
   * passed on: after that a retry would repeat text the consumer already has.
   */
  async *streamCompletion(
    open: (signal: AbortSignal) => Promise<AsyncIterable<ChatStreamPart>>,
    requestedModel: string,
    signal?: AbortSignal,
  ): AsyncGenerator<ChatStreamEvent> {
    const limits = { timeoutMs: this.timeoutMs, maxAttempts: this.policy.maxAttempts };
    this.circuit?.admit();
    let settled = false;
    try {
      yield* this.streamAttempts(open, requestedModel, limits, signal, () => {
        settled = true;
      });
    } finally {
      // A consumer that stops reading early tells nothing about the provider.
      if (!settled) this.circuit?.released();
    }
  }

  private async *streamAttempts(
    open: (signal: AbortSignal) => Promise<AsyncIterable<ChatStreamPart>>,
    requestedModel: string,
    limits: Required<CallOverrides>,
    signal: AbortSignal | undefined,
    settle: () => void,
  ): AsyncGenerator<ChatStreamEvent> {
    for (let number = 1; ; number += 1) {
      const attempt = new Attempt(this.timeoutMs, signal);
      const completion: ChatCompletion = {
        text: '',
        model: requestedModel,
        usage: null,
        finishReason: 'other',
      };
      let streamed = false;
      try {
        const parts = await withinAttempt(attempt, () => open(attempt.signal));
        for await (const part of parts) {
          if (part.model) completion.model = part.model;
          if (part.usage) completion.usage = part.usage;
          if (part.finishReason) completion.finishReason = part.finishReason;
          if (!part.text) continue;
          completion.text += part.text;
          streamed = true;
          attempt.pauseTimeout();
          yield { type: 'token', text: part.text };
          attempt.restartTimeout();
        }
        if (attempt.signal.aborted) throw new Error('stream ended after abort');
        settle();
        this.circuit?.succeeded();
        yield { type: 'done', completion };
        return;
      } catch (error) {
        if (streamed) {
          settle();
          throw this.failure(error, attempt, number, limits.timeoutMs);
        }
        await this.pauseOrFail(error, attempt, number, limits, signal).catch((failure: unknown) => {
          settle();
          throw failure;
        });
      } finally {
        attempt.close();
      }
    }
  }

  private failure(error: unknown, attempt: Attempt, attempts: number, timeoutMs: number): DomainError {
    const own = passThrough(error);
    if (own) {
      this.circuit?.released();
      return own;
    }
    const failure = classifyFailure(error, attempt);
    this.circuit?.failed(failure.kind);
    return providerError(failure, { provider: this.provider, attempts, timeoutMs });
  }

  /** Waits before the next attempt, or throws the DomainError the failure surfaces as. */
  private async pauseOrFail(
    error: unknown,
    attempt: Attempt,
    number: number,
    limits: Required<CallOverrides>,
    signal?: AbortSignal,
  ): Promise<void> {
    const own = passThrough(error);
    if (own) {
      this.circuit?.released();
      throw own;
    }
    const failure = classifyFailure(error, attempt);
    const fail = (reported: ProviderFailure) => {
      this.circuit?.failed(reported.kind);
      return providerError(reported, {
        provider: this.provider,
        attempts: number,
        timeoutMs: limits.timeoutMs,
      });
    };
    if (!isRetryable(failure) || number >= limits.maxAttempts) throw fail(failure);
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs > this.policy.maxRetryAfterMs)
      throw fail(failure);
    const delay = failure.retryAfterMs ?? backoffDelayMs(this.policy, number, this.random);
    try {
      await abortableSleep(delay, signal);
    } catch {
      throw fail({ kind: 'cancelled' });
    }
  }
}
