import type { UserId } from '../shared/common.js';
import type { Otp, OtpPurpose } from '../accounts/index.js';

/** One-time codes of dashboard users (hashed). */
export const OtpRepository = Symbol.for('chatbuddy.OtpRepository');
export interface OtpRepository {
  create(otp: Otp): Promise<void>;
  /** The newest unconsumed code of the user for `purpose`, expired or not. */
  findLatestActive(userId: UserId, purpose: OtpPurpose): Promise<Otp | null>;
  /** Adds one failed attempt atomically; returns the new attempt count. */
  recordFailedAttempt(id: string): Promise<number>;
  /** Marks the code used; false if it was already consumed (single use under concurrency). */
  consume(id: string, at: Date): Promise<boolean>;
  /** Consumes every open code of the user for `purpose` (a resend invalidates older codes). */
  invalidateAll(userId: UserId, purpose: OtpPurpose, at: Date): Promise<void>;
}
