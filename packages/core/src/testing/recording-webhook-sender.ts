import type { CsvEncoder } from '../ports/csv-encoder.port.js';
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

/** RFC 4180 with every cell quoted: simple and always correct, for tests of CSV producers. */
export class QuotingCsvEncoder implements CsvEncoder {
  encode(rows: readonly (readonly string[])[]): string {
    return rows
      .map((row) => `${row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')}\r\n`)
      .join('');
  }
}
