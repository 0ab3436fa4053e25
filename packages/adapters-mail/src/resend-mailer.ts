import { DomainError, type Mailer, type OutgoingEmail } from '@chatbuddy/core';
import type { Resend } from 'resend';

export interface ResendMailerOptions {
  apiKey: string;
  /** Sender, e.g. `Chat Buddy <no-reply@example.com>` (a domain verified at Resend). */
  from: string;
  /** API base URL; only tests and proxies set it (the SDK's default is Resend's API). */
  baseUrl?: string;
  /** Give up on one send after this long (default 10 s). */
  timeoutMs?: number;
}

interface ResendFailure {
  statusCode: number | null;
  name: string;
  message: string;
}

/**
 * Sends email through Resend's official SDK; provider failures become domain errors. The SDK (with
 * its MIME parser and webhook verifier) is imported at the first send, not at start.
 */
export class ResendMailer implements Mailer {
  private client: Promise<Resend> | null = null;
  private readonly timeoutMs: number;

  constructor(private readonly options: ResendMailerOptions) {
    if (!options.apiKey) throw new Error('ResendMailer needs an API key');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  private resend(): Promise<Resend> {
    this.client ??= import('resend').then(
      ({ Resend }) =>
        new Resend(
          this.options.apiKey,
          this.options.baseUrl ? { baseUrl: this.options.baseUrl.replace(/\/+$/, '') } : {},
        ),
    );
    return this.client;
  }

  async send(email: OutgoingEmail): Promise<{ id: string }> {
    const client = await this.resend();
    const signal = AbortSignal.timeout(this.timeoutMs);
    let result: Awaited<ReturnType<Resend['emails']['send']>>;
    try {
      result = await client.emails.send(
        {
          from: this.options.from,
          to: [email.to],
          subject: email.subject,
          text: email.text,
          html: email.html,
          ...(email.tag
            ? { tags: [{ name: 'category', value: email.tag.replace(/[^A-Za-z0-9_-]/g, '_') }] }
            : {}),
        },
        { signal },
      );
    } catch (error) {
      throw this.failure(
        signal.aborted ? null : { statusCode: null, name: 'network_error', message: String(error) },
      );
    }
    if (signal.aborted) throw this.failure(null);
    if (result.error) throw this.failure(result.error as ResendFailure, result.headers);
    if (!result.data?.id)
      throw this.failure({ statusCode: null, name: 'application_error', message: 'no id' });
    return { id: result.data.id };
  }

  /** A domain error for a failed send: null means the send timed out. Never includes the key. */
  private failure(error: ResendFailure | null, headers?: Record<string, string> | null): DomainError {
    if (!error) {
      return new DomainError(
        'provider_timeout',
        `The mail provider did not answer within ${this.timeoutMs} ms`,
        {
          retryable: true,
        },
      );
    }
    const status = error.statusCode;
    const message = String(error.message ?? '').replaceAll(this.options.apiKey, '[redacted]');
    const details = { provider: 'resend', status, reason: error.name };
    if (status === 429 || status === null || status >= 500) {
      const retryAfter = Number(headers?.['retry-after']);
      return new DomainError(
        'provider_unavailable',
        `The mail provider is unavailable (${status ?? 'no response'})`,
        {
          details,
          retryable: true,
          ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
        },
      );
    }
    return new DomainError('provider_error', `The mail provider refused the email: ${message}`, { details });
  }
}
