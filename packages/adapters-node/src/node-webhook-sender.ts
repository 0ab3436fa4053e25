import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { WebhookRequest, WebhookResult, WebhookSender } from '@chatbuddy/core';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from './webhook-address.js';
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
  /**
   * Whether webhooks may reach this host, private networks and link-local addresses (default
   * false: a project owner could otherwise make the server post to its own internal services).
   */
  allowPrivateNetworks?: boolean;
}

const defaultSleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds).unref());

/** Answers worth another try: the receiver is down, overloaded or slow. */
const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/** What one try came to; `final` when another try could not change it. */
interface Outcome {
  status: number | null;
  error: string;
  final?: boolean;
}

/**
 * POSTs JSON webhooks signed with HMAC-SHA256 (`X-ChatBuddy-Signature: t=<unix>,v1=<hex>` over
 * `t.body`, a fresh timestamp per try). Network errors, timeouts, 408, 429 and 5xx are retried
 * with exponential backoff; other answers end it at once. Redirects are not followed (a 3xx is a
 * failure), so a webhook cannot be bounced to another address. Unless `allowPrivateNetworks`,
 * a URL whose host is, or resolves to, a private address is refused without a request (the
 * address connected to is the one checked).
 */
export class NodeWebhookSender implements WebhookSender {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly allowPrivateNetworks: boolean;

  constructor(options: WebhookSenderOptions = {}) {
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 300_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.allowPrivateNetworks = options.allowPrivateNetworks ?? false;
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
      if (outcome.final || (outcome.status !== null && !retryable(outcome.status)))
        return { delivered: false, attempts: attempt, responseStatus, error };
      if (attempt < this.attempts)
        await this.sleep(Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)));
    }
    return { delivered: false, attempts: this.attempts, responseStatus, error };
  }

  private attempt(request: WebhookRequest, body: string): Promise<Outcome> {
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // A literal address is connected to without a lookup: it is checked here.
    if (!this.allowPrivateNetworks && isIP(host) !== 0 && isPrivateAddress(host))
      return Promise.resolve({
        status: null,
        error: new PrivateAddressError(host, host).message,
        final: true,
      });
    const timestamp = Math.floor(this.now() / 1000);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(outcome);
      };
      const sent = send(url, {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'ChatBuddy-Webhooks/1',
          [webhookSignatureHeader]: webhookSignature(request.secret, timestamp, body),
        },
        ...(this.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup }),
      });
      const deadline = setTimeout(() => {
        settle({ status: null, error: `no answer within ${this.timeoutMs} ms` });
        sent.destroy();
      }, this.timeoutMs);
      sent.on('response', (response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        response.on('end', () => settle({ status, error: `HTTP ${status}` }));
        response.on('error', () => settle({ status, error: `HTTP ${status}` }));
      });
      sent.on('error', (error: NodeJS.ErrnoException) =>
        settle({
          status: null,
          error: String(error.message ?? error),
          final: error instanceof PrivateAddressError,
        }),
      );
      sent.end(body);
    });
  }
}
