import type { OutgoingEmail } from '../shared/mail.js';

/** Sends transactional email (OTP codes). */
export const Mailer = Symbol.for('chatbuddy.Mailer');
export interface Mailer {
  /**
   * Sends one email and returns the provider's message id.
   * @throws DomainError `provider_unavailable` / `provider_error` / `provider_timeout`.
   */
  send(email: OutgoingEmail): Promise<{ id: string }>;
}
