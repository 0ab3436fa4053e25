import { describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../shared/mail.js';
import { isDomainError } from '../../shared/domain-error.js';
import type { Mailer } from '../../ports/mailer.port.js';

export interface MailerContractOptions {
  makeSubject: () => Promise<Mailer> | Mailer;
  /** The emails the subject really delivered (outbox contents, emails received by a fake server). */
  delivered: () => Promise<OutgoingEmail[]>;
  /** Makes the next send fail at the provider, if the subject can be made to. */
  breakProvider?: () => Promise<void> | void;
}

const email: OutgoingEmail = {
  to: 'jane@example.com',
  subject: 'Your Chat Buddy code: 123456',
  text: 'Your code is 123456',
  html: '<p>Your code is <strong>123456</strong></p>',
  tag: 'verify_email',
};

/** Behaviour every `Mailer` must have. */
export function mailerContract(name: string, options: MailerContractOptions): void {
  describe(`Mailer contract: ${name}`, () => {
    it('delivers the email with recipient, subject, text and html intact', async () => {
      const mailer = await options.makeSubject();
      const result = await mailer.send(email);
      expect(typeof result.id).toBe('string');
      expect(result.id.length).toBeGreaterThan(0);
      const delivered = await options.delivered();
      expect(delivered).toContainEqual(
        expect.objectContaining({ to: email.to, subject: email.subject, text: email.text, html: email.html }),
      );
    });

    it('keeps unicode text intact', async () => {
      const mailer = await options.makeSubject();
      const unicode = {
        ...email,
        to: 'zoë@example.com',
        subject: 'Código — ✓ 654321',
        text: 'Grüße 654321 🚀',
      };
      await mailer.send(unicode);
      const delivered = await options.delivered();
      expect(delivered).toContainEqual(
        expect.objectContaining({ subject: unicode.subject, text: unicode.text }),
      );
    });

    if (options.breakProvider) {
      it('reports a provider failure as a domain error', async () => {
        const mailer = await options.makeSubject();
        await options.breakProvider!();
        const error = await mailer.send(email).then(
          () => null,
          (failure: unknown) => failure,
        );
        expect(isDomainError(error)).toBe(true);
        expect((error as { code: string }).code).toMatch(/^provider_/);
      });
    }
  });
}
