import { WebhookDeliveryRepository } from '@chatbuddy/core';
import { expect } from 'vitest';
import type { TestServer } from '../testing/test-server.js';

export interface InsightsProject {
  apiKey: string;
  publishableKey: string;
  project: { id: string };
}

/** Creates a project with one document; answers quote the first retrieved passage. */
export async function projectWithKnowledge(
  server: TestServer,
  headers: Record<string, string>,
): Promise<InsightsProject> {
  const created = await server.request('/projects', { method: 'POST', headers, json: { name: 'Acme' } });
  expect(created.status).toBe(201);
  const upload = await server.request('/upload-doc', {
    method: 'POST',
    headers: { 'x-api-key': created.body.apiKey },
    json: {
      title: 'Refunds',
      content: '# Refunds\n\nRefunds are paid within 14 days of receiving the returned robot.',
    },
  });
  expect(upload.status).toBe(201);
  server.ports.models.chat.reply = (request) => `${request.context[0]?.text ?? ''} [S1]`;
  return created.body;
}

/** Asks a question with the key and returns the `/chat` answer. */
export async function ask(server: TestServer, apiKey: string, message: string, conversationId?: string) {
  const response = await server.request('/chat', {
    method: 'POST',
    headers: { 'x-api-key': apiKey },
    json: { message, ...(conversationId && { conversationId }) },
  });
  expect(response.status).toBe(200);
  return response.body as { conversationId: string; messageId: string; answered: boolean };
}

/** A lead notification webhook that failed after its retries, stored through the server. */
export async function recordWebhookFailure(server: TestServer, projectId: string, at: Date): Promise<void> {
  await server.runtime.get<WebhookDeliveryRepository>(WebhookDeliveryRepository).record({
    id: server.ports.ids.newId(),
    projectId,
    event: 'lead.verified',
    leadId: null,
    status: 'failed',
    attempts: 3,
    responseStatus: 503,
    error: 'HTTP 503',
    createdAt: at,
  });
}
