import type { RateLimitRule } from '../ports/rate-limiter.port.js';

const day = 24 * 3_600_000;

/** Tunables of the assistant's lead-capture flow; `defaultLeadFlowSettings` are the product's choices. */
export interface LeadFlowSettings {
  /** A session unused for this long is expired (the visitor starts again). */
  sessionIdleSeconds: number;
  /** Lifetime of an emailed code. */
  otpTtlSeconds: number;
  /** Wrong guesses after which a code is dead. */
  otpMaxAttempts: number;
  /** Codes sent per session and per address: at most one a minute and five an hour. */
  otpResendRules: readonly RateLimitRule[];
  /** Code emails per day: per address, per client IP address, per project. */
  otpDailyCaps: { perEmail: RateLimitRule; perClient: RateLimitRule; perProject: RateLimitRule };
}

/** Container token of the settings in force (the interface and its token share one name). */
export const LeadFlowSettings = Symbol.for('chatbuddy.LeadFlowSettings');

export const defaultLeadFlowSettings: LeadFlowSettings = {
  sessionIdleSeconds: 24 * 3600,
  otpTtlSeconds: 600,
  otpMaxAttempts: 5,
  otpResendRules: [
    { limit: 1, windowMs: 60_000 },
    { limit: 5, windowMs: 3_600_000 },
  ],
  otpDailyCaps: {
    perEmail: { limit: 10, windowMs: day },
    perClient: { limit: 30, windowMs: day },
    perProject: { limit: 1_000, windowMs: day },
  },
};

/** Settings with `overrides` applied over the defaults. */
export function leadFlowSettings(overrides: Partial<LeadFlowSettings> = {}): LeadFlowSettings {
  return { ...defaultLeadFlowSettings, ...overrides };
}
