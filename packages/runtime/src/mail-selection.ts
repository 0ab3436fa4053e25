import { OutboxMailer, ResendMailer } from '@chatbuddy/adapters-mail';
import type { Mailer } from '@chatbuddy/core';
import type { ChatBuddyConfig } from './config.js';
import type { Logger } from './logger.js';

/**
 * Resend when `RESEND_API_KEY` is set; otherwise the outbox in `dataDir`, with a loud warning in
 * production (or a refusal to start with `STRICT_PRODUCTION`).
 */
export function selectMailer(config: ChatBuddyConfig, logger: Logger): Mailer {
  if (config.resendApiKey) {
    // Failed sends are logged by core's mail dispatcher, which sends every account email.
    return new ResendMailer({
      apiKey: config.resendApiKey,
      from: config.resendFromEmail,
      ...(config.resendBaseUrl ? { baseUrl: config.resendBaseUrl } : {}),
    });
  }
  if (config.nodeEnv === 'production') {
    const message =
      'RESEND_API_KEY is not set: emails (verification codes) go to the local outbox, not to users';
    if (config.strictProduction)
      throw new Error(`${message}. Set RESEND_API_KEY or unset STRICT_PRODUCTION.`);
    logger.warn(message);
  }
  return new OutboxMailer(config.dataDir, (message, entry) =>
    logger.info({ outbox: true, to: entry.to, subject: entry.subject, tag: entry.tag }, message),
  );
}
