import type { JsonValue } from '../shared/common.js';

/** A signed POST to a customer's endpoint. */
export interface WebhookRequest {
  url: string;
  /** Shared secret the signature is computed with. */
  secret: string;
  body: { [key: string]: JsonValue };
}

/** How a delivery ended after the sender's retries. */
export interface WebhookResult {
  delivered: boolean;
  attempts: number;
  /** HTTP status of the last attempt; null when none answered. */
  responseStatus: number | null;
  /** Why the last attempt failed; null when delivered. */
  error: string | null;
}

/**
 * Delivers webhooks: JSON body, HMAC-SHA256 signature header, retries with exponential backoff
 * on network errors, timeouts and 5xx/429 answers. Never throws: the result says how it ended.
 */
export const WebhookSender = Symbol.for('chatbuddy.WebhookSender');
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResult>;
}
