import type { WebhookRequest, WebhookResult, WebhookSender } from '../ports/webhook-sender.port.js';

/** Keeps every webhook it is asked to send; answers with `result` (delivered by default). */
export class RecordingWebhookSender implements WebhookSender {
  readonly sent: WebhookRequest[] = [];
  result: WebhookResult = { delivered: true, attempts: 1, responseStatus: 204, error: null };

  async send(request: WebhookRequest): Promise<WebhookResult> {
    this.sent.push(structuredClone(request));
    return { ...this.result };
  }
}
