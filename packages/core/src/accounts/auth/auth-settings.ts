import type { RateLimitRule } from '../../ports/rate-limiter.port.js';
import type { BackoffPolicy } from './backoff.js';

/** Tunables of dashboard authentication; `defaultAuthSettings` are the product's choices. */
export interface AuthSettings {
  /** Lifetime of a refresh token; each rotation starts a new one. */
  refreshTokenTtlSeconds: number;
  /** Lifetime of an email verification code. */
  otpTtlSeconds: number;
  /** Wrong guesses after which a code is dead. */
  otpMaxAttempts: number;
  /** Codes sent per address: at most one a minute and five an hour. */
  otpResendRules: readonly RateLimitRule[];
  /**
   * Registrations of an address not verified yet that replace the pending one and send a fresh
   * code: enough to correct a typo at once, too few to flood an inbox.
   */
  registerAgainRules: readonly RateLimitRule[];
  /**
   * How long after a rotation the rotated refresh token may still be presented without counting
   * as theft (two tabs refreshing at once): it is refused, but the session lives on. Later
   * presentations revoke the session.
   */
  refreshReuseGraceSeconds: number;
  /** Backoff of failed logins per account (normalised email, known or not) and client IP. */
  loginBackoffPerAccountAndClient: BackoffPolicy;
  /** Backoff of failed logins per client IP, whatever the account. */
  loginBackoffPerClient: BackoffPolicy;
  /**
   * Ceiling of failed logins per account from all clients (distributed guessing). Once reached it
   * only stops clients that have already failed on that account: never a clean client.
   */
  loginFailuresPerAccount: RateLimitRule;
  /** Requests per client IP address to the other public account endpoints (HTTP layer). */
  clientLimits: {
    register: RateLimitRule;
    verifyEmail: RateLimitRule;
    resendOtp: RateLimitRule;
    refresh: RateLimitRule;
  };
}

/** Container token of the settings in force (the interface and its token share one name). */
export const AuthSettings = Symbol.for('chatbuddy.AuthSettings');

export const defaultAuthSettings: AuthSettings = {
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  otpTtlSeconds: 600,
  otpMaxAttempts: 5,
  otpResendRules: [
    { limit: 1, windowMs: 60_000 },
    { limit: 5, windowMs: 3_600_000 },
  ],
  registerAgainRules: [
    { limit: 3, windowMs: 10 * 60_000 },
    { limit: 6, windowMs: 3_600_000 },
  ],
  refreshReuseGraceSeconds: 20,
  loginBackoffPerAccountAndClient: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 },
  loginBackoffPerClient: { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 },
  loginFailuresPerAccount: { limit: 100, windowMs: 15 * 60_000 },
  clientLimits: {
    register: { limit: 20, windowMs: 3_600_000 },
    verifyEmail: { limit: 30, windowMs: 15 * 60_000 },
    resendOtp: { limit: 10, windowMs: 15 * 60_000 },
    refresh: { limit: 120, windowMs: 60_000 },
  },
};

/** Settings with `overrides` applied over the defaults. */
export function authSettings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  return { ...defaultAuthSettings, ...overrides };
}

/** Who is calling, for per-client throttling and the audit log. */
export interface ClientContext {
  /** The client's IP address as the HTTP layer sees it (after trusted proxies). */
  clientIp?: string;
  /** The request's id (`x-request-id`), recorded in the audit log. */
  requestId?: string;
}
