import type { WebhookRequest, WebhookResult, WebhookSender } from '@chatbuddy/core';
import { webhookSignature, webhookSignatureHeader } from './webhook-signature.js';

export interface WebhookSenderOptions {
  /** Tries in all, the first included (default 5). */
  attempts?: number;
  /** Wait before the first retry; doubles after each (default 1 s). */
  baseDelayMs?: number;
  /** Longest wait between two tries (default 5 min). */
  maxDelayMs?: number;
  /** Deadline of one try, answer included (default 10 s). */
  timeoutMs?: number;
  /** Unix time in milliseconds, for the signature's timestamp (default `Date.now`). */
  now?: () => number;
  /** Waits between tries (default a timer); tests pass a recorder. */
  sleep?: (milliseconds: number) => Promise<void>;
}

const defaultSleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds).unref());

/** Answers worth another try: the receiver is down, overloaded or slow. */
const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/**
 * POSTs JSON webhooks signed with HMAC-SHA256 (`X-ChatBuddy-Signature: t=<unix>,v1=<hex>` over
 * `t.body`, a fresh timestamp per try). Network errors, timeouts, 408, 429 and 5xx are retried
 * with exponential backoff; other answers end it at once. Redirects are not followed (a 3xx is a
 * failure), so a webhook cannot be bounced to another address.
 */
export class NodeWebhookSender implements WebhookSender {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;

  constructor(options: WebhookSenderOptions = {}) {
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 300_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async send(request: WebhookRequest): Promise<WebhookResult> {
    const body = JSON.stringify(request.body);
    let responseStatus: number | null = null;
    let error = 'not attempted';
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      const outcome = await this.attempt(request, body);
      if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300)
        return { delivered: true, attempts: attempt, responseStatus: outcome.status, error: null };
      responseStatus = outcome.status;
      error = outcome.error;
      if (outcome.status !== null && !retryable(outcome.status))
        return { delivered: false, attempts: attempt, responseStatus, error };
      if (attempt < this.attempts)
        await this.sleep(Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)));
    }
    return { delivered: false, attempts: this.attempts, responseStatus, error };
  }

  private async attempt(
    request: WebhookRequest,
    body: string,
  ): Promise<{ status: number | null; error: string }> {
    const timestamp = Math.floor(this.now() / 1000);
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'ChatBuddy-Webhooks/1',
          [webhookSignatureHeader]: webhookSignature(request.secret, timestamp, body),
        },
        body,
      });
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      const name = (error as { name?: string }).name;
      return {
        status: null,
        error:
          name === 'TimeoutError'
            ? `no answer within ${this.timeoutMs} ms`
            : String((error as Error).message ?? error),
      };
    }
  }
}
