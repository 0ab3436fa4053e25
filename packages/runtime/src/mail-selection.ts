import { OutboxMailer, ResendMailer } from '@chatbuddy/adapters-mail';
import type { Mailer, OutgoingEmail } from '@chatbuddy/core';
import type { ChatBuddyConfig } from './config.js';
import type { Logger } from './logger.js';

/** Logs every failed send (the account use cases send in the background and cannot). */
class LoggedMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly logger: Logger,
  ) {}

  async send(email: OutgoingEmail): Promise<{ id: string }> {
    try {
      return await this.inner.send(email);
    } catch (error) {
      const code = (error as { code?: string }).code;
      this.logger.warn(
        { code, to: email.to, tag: email.tag },
        `email could not be sent: ${(error as Error).message}`,
      );
      throw error;
    }
  }
}

/**
 * Resend when `RESEND_API_KEY` is set; otherwise the outbox in `dataDir`, with a loud warning in
 * production (or a refusal to start with `STRICT_PRODUCTION`).
 */
export function selectMailer(config: ChatBuddyConfig, logger: Logger): Mailer {
  if (config.resendApiKey) {
    const resend = new ResendMailer({
      apiKey: config.resendApiKey,
      from: config.resendFromEmail,
      ...(config.resendBaseUrl ? { baseUrl: config.resendBaseUrl } : {}),
    });
    return new LoggedMailer(resend, logger);
  }
  if (config.nodeEnv === 'production') {
    const message =
      'RESEND_API_KEY is not set: emails (verification codes) go to the local outbox, not to users';
    if (config.strictProduction)
      throw new Error(`${message}. Set RESEND_API_KEY or unset STRICT_PRODUCTION.`);
    logger.warn(message);
  }
  const outbox = new OutboxMailer(config.dataDir, (message, entry) =>
    logger.info({ outbox: true, to: entry.to, subject: entry.subject, tag: entry.tag }, message),
  );
  return new LoggedMailer(outbox, logger);
}
