import type { RateLimitRule } from '../ports/rate-limiter.port.js';

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
  /** Login attempts per account (by normalised email, known or not). */
  loginPerAccount: RateLimitRule;
  /** Login attempts per client IP address. */
  loginPerClient: RateLimitRule;
}

export const defaultAuthSettings: AuthSettings = {
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  otpTtlSeconds: 600,
  otpMaxAttempts: 5,
  otpResendRules: [
    { limit: 1, windowMs: 60_000 },
    { limit: 5, windowMs: 3_600_000 },
  ],
  loginPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  loginPerClient: { limit: 50, windowMs: 15 * 60_000 },
};

/** Settings with `overrides` applied over the defaults. */
export function authSettings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  return { ...defaultAuthSettings, ...overrides };
}

/** Who is calling, for per-client throttling. */
export interface ClientContext {
  /** The client's IP address as the HTTP layer sees it (after trusted proxies). */
  clientIp?: string;
}
