import { DomainError } from '@chatbuddy/core';
import type { FailureKind } from './provider-failure.js';

/** When a provider's circuit opens and how long it stays open. */
export interface CircuitOptions {
  /** Failed calls in a row (after their retries) that open the circuit (default 5). */
  failureThreshold?: number;
  /** Time the circuit stays open before one probe call is let through (default 30 s). */
  openMs?: number;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

/** The circuit as `/debug/provider-health` shows it. */
export interface CircuitStatus {
  state: CircuitState;
  consecutiveFailures: number;
  /** Seconds until a probe call is let through (open circuits only). */
  retryInSeconds?: number;
}

/** Failures that say the provider is down (a refused or rate-limited request says it is up). */
const outageKinds = new Set<FailureKind>(['server', 'overloaded', 'connection', 'timeout']);

/**
 * A circuit breaker per provider. Closed: calls go through and outages in a row are counted.
 * Open (after `failureThreshold` of them): calls fail at once with `provider_unavailable` (503)
 * instead of each visitor waiting through timeouts and retries. Half-open (once `openMs` has
 * passed): one call probes the provider; its success closes the circuit, its failure opens it
 * again for another `openMs`. Calls running while the circuit opens finish normally.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly failureThreshold: number;
  private readonly openMs: number;

  constructor(
    /** Display name used in messages, e.g. `OpenAI`. */
    private readonly provider: string,
    options: CircuitOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.failureThreshold = Math.max(1, Math.floor(options.failureThreshold ?? 5));
    this.openMs = Math.max(0, options.openMs ?? 30_000);
  }

  /**
   * Lets a call through, or throws `provider_unavailable` while the circuit is open (and while
   * another call is probing a half-open circuit). Every admitted call must end with `succeeded`,
   * `failed` or `released`.
   */
  admit(): void {
    if (this.state === 'open') {
      if (this.now() - this.openedAt < this.openMs) throw this.openError();
      this.state = 'half_open';
    }
    if (this.state === 'half_open') {
      if (this.probing) throw this.openError();
      this.probing = true;
    }
  }

  /** The provider answered. */
  succeeded(): void {
    this.probing = false;
    this.failures = 0;
    this.state = 'closed';
  }

  /** The call failed with `kind`: outages count towards opening; other failures show the provider is up. */
  failed(kind: FailureKind): void {
    if (kind === 'cancelled') {
      this.released();
      return;
    }
    if (!outageKinds.has(kind)) {
      this.succeeded();
      return;
    }
    this.probing = false;
    this.failures += 1;
    if (this.state === 'half_open' || this.failures >= this.failureThreshold) {
      this.state = 'open';
      this.openedAt = this.now();
    }
  }

  /** The call ended without telling anything about the provider (cancelled, refused before sending). */
  released(): void {
    this.probing = false;
  }

  status(): CircuitStatus {
    const status: CircuitStatus = { state: this.state, consecutiveFailures: this.failures };
    if (this.state === 'open') {
      const remaining = this.openMs - (this.now() - this.openedAt);
      if (remaining <= 0) return { ...status, state: 'half_open' };
      status.retryInSeconds = Math.ceil(remaining / 1000);
    }
    return status;
  }

  private openError(): DomainError {
    const retryAfterSeconds = Math.max(1, Math.ceil((this.openMs - (this.now() - this.openedAt)) / 1000));
    return new DomainError(
      'provider_unavailable',
      `${this.provider} is failing; calls to it are paused and retried in ${retryAfterSeconds} s`,
      {
        details: { provider: this.provider.toLowerCase(), circuit: 'open' },
        retryable: true,
        retryAfterSeconds,
      },
    );
  }
}
