export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Free-form tag for logs and the outbox, e.g. `verify_email`. */
  tag?: string;
}
