import type { OutgoingEmail } from '../../shared/mail.js';
import type { Logger } from '../../ports/logger.port.js';
import type { Mailer } from '../../ports/mailer.port.js';

/**
 * Sends email without making the caller wait for the provider. Registration and resend answer
 * at once whatever happens to the email, so neither the answer nor its timing reveals whether
 * an account exists; delivery failures are logged (one warning each) instead of reaching the client.
 */
export class MailDispatcher {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly mailer: Mailer,
    private readonly logger: Logger,
  ) {}

  /** Starts sending `email` and returns immediately. */
  dispatch(email: OutgoingEmail): void {
    const delivery = this.mailer
      .send(email)
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn('email could not be sent', { tag: email.tag, error }),
      )
      .finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Resolves when every email dispatched so far has been sent or has failed. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
