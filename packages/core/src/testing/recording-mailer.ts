import type { OutgoingEmail } from '../shared/mail.js';
import type { Mailer } from '../ports/mailer.port.js';

/** Keeps every email it is asked to send; can be told to fail. */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  failWith: Error | null = null;

  async send(email: OutgoingEmail): Promise<{ id: string }> {
    if (this.failWith) throw this.failWith;
    this.sent.push(email);
    return { id: `recorded-${this.sent.length}` };
  }

  /** The last email sent to `to`. */
  lastTo(to: string): OutgoingEmail | undefined {
    return this.sent.filter((email) => email.to === to).at(-1);
  }
}
