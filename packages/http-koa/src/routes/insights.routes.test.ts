import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiMismatches } from '../testing/openapi-conformance.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { ownerHeaders } from '../testing/users.js';
import {
  ask,
  type InsightsProject,
  projectWithKnowledge,
  recordWebhookFailure,
} from './insights.scenario.js';

const stores = [
  {
    name: 'in-memory fakes',
    start: async () => ({ server: await startTestServer(), cleanup: async () => {} }),
  },
  {
    name: 'PGlite',
    start: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-insights-'));
      const server = await startTestServer({ config: { dataDir }, resources: { persistence: undefined } });
      return { server, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
    },
  },
];

for (const store of stores) {
  describe(`feedback and analytics over HTTP: ${store.name}`, () => {
    let server: TestServer;
    let cleanup: () => Promise<void>;
    let headers: Record<string, string>;
    let acme: InsightsProject;
    let other: InsightsProject;

    beforeAll(async () => {
      ({ server, cleanup } = await store.start());
      headers = await ownerHeaders(server);
      acme = await projectWithKnowledge(server, headers);
      other = await projectWithKnowledge(server, await ownerHeaders(server));
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
      await cleanup?.();
    });

    const rate = (key: string, messageId: string, json: unknown) =>
      server.request(`/messages/${messageId}/feedback`, {
        method: 'POST',
        headers: { 'x-api-key': key },
        json,
      });

    it('rates an answer once per message, changeably; a publishable key must name the conversation', async () => {
      const answer = await ask(server, acme.publishableKey, 'When are refunds paid?');
      const first = await rate(acme.publishableKey, answer.messageId, {
        rating: 'up',
        conversationId: answer.conversationId,
      });
      expect(first.status).toBe(200);
      expect(first.body.feedback).toMatchObject({ messageId: answer.messageId, rating: 'up', comment: null });
      const changed = await rate(acme.apiKey, answer.messageId, { rating: 'down', comment: 'Too slow' });
      expect(changed.body.feedback).toMatchObject({ rating: 'down', comment: 'Too slow' });
      expect(changed.body.feedback.createdAt).toBe(first.body.feedback.createdAt);
      // A rating changed without `comment` keeps it; `null` removes it.
      const flipped = await rate(acme.apiKey, answer.messageId, { rating: 'up' });
      expect(flipped.body.feedback).toMatchObject({ rating: 'up', comment: 'Too slow' });
      const cleared = await rate(acme.apiKey, answer.messageId, { rating: 'down', comment: null });
      expect(cleared.body.feedback).toMatchObject({ rating: 'down', comment: null });

      const withoutConversation = await rate(acme.publishableKey, answer.messageId, { rating: 'up' });
      expect(withoutConversation.status).toBe(400);
      expect(withoutConversation.body.error.code).toBe('invalid_input');
      const elsewhere = await ask(server, acme.publishableKey, 'When are refunds paid?');
      const wrongConversation = await rate(acme.publishableKey, answer.messageId, {
        rating: 'up',
        conversationId: elsewhere.conversationId,
      });
      expect(wrongConversation.status).toBe(404);
      const report = await server.request('/analytics', { headers: { 'x-api-key': acme.apiKey } });
      expect(report.body.ratings).toEqual({ up: 0, down: 1 });
    });

    it('answers 404 for another tenant’s message, a question, and unknown or malformed ids', async () => {
      const answer = await ask(server, acme.apiKey, 'When are refunds paid?');
      const theirs = await rate(other.apiKey, answer.messageId, { rating: 'down' });
      expect(theirs.status).toBe(404);
      expect(theirs.body.error.code).toBe('message_not_found');
      const history = await server.request(`/conversations/${answer.conversationId}/messages`, {
        headers: { 'x-api-key': acme.apiKey },
      });
      const question = history.body.items.find((message: { role: string }) => message.role === 'user');
      expect((await rate(acme.apiKey, question.id, { rating: 'up' })).status).toBe(404);
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%27%3B--'])
        expect((await rate(acme.apiKey, id, { rating: 'up' })).status).toBe(404);
      const analytics = await server.request(`/projects/${acme.project.id}/analytics`, {
        headers: await ownerHeaders(server),
      });
      expect(analytics.status).toBe(404);
      expect(
        (await server.request('/analytics', { headers: { 'x-api-key': acme.publishableKey } })).status,
      ).toBe(403);
    });

    it('refuses garbage feedback bodies with a 4xx envelope and leaves the stored rating alone', async () => {
      const answer = await ask(server, acme.apiKey, 'When are refunds paid?');
      await rate(acme.apiKey, answer.messageId, { rating: 'down', comment: 'keep me' });
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.anything(),
            fc.record({ rating: fc.string(), comment: fc.anything() }, { requiredKeys: [] }),
            fc.record({
              rating: fc.constant('up'),
              comment: fc.string({ minLength: 2_001, maxLength: 2_100 }),
            }),
            fc.record({ rating: fc.constant('up'), conversationId: fc.string() }),
          ),
          async (body) => {
            const response = await rate(acme.apiKey, answer.messageId, body);
            if (response.status === 200) {
              accepted += 1;
              return;
            }
            expect([400, 404, 413]).toContain(response.status);
            expect(response.body.error.code).toEqual(expect.any(String));
          },
        ),
        { numRuns: 40 },
      );
      const report = await server.request('/analytics?limit=100', { headers: { 'x-api-key': acme.apiKey } });
      const stored = report.body.thumbsDown.find(
        (item: { messageId: string }) => item.messageId === answer.messageId,
      );
      if (accepted === 0) expect(stored).toMatchObject({ comment: 'keep me' });
      const elsewhere = await rate(acme.apiKey, answer.messageId, {
        rating: 'up',
        conversationId: '00000000-0000-4000-8000-000000000000',
      });
      expect(elsewhere.status).toBe(404);
    });

    it('answers garbage analytics queries with 200 or a 400 envelope, never 5xx', async () => {
      const value = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constant('1e309'));
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom('days', 'limit', 'x', '__proto__'), value),
          async (query) => {
            const search = new URLSearchParams(query as Record<string, string>).toString();
            const response = await server.request(`/analytics?${search}`, {
              headers: { 'x-api-key': acme.apiKey },
            });
            expect([200, 400]).toContain(response.status);
            if (response.status === 400) expect(response.body.error.code).toBe('invalid_input');
          },
        ),
        { numRuns: 30 },
      );
    });

    it('reports counts, unanswered questions grouped across phrasings and thumbs-down answers, with links', async () => {
      const unknown = await ask(server, acme.apiKey, 'Do you ship to Mars?');
      expect(unknown.answered).toBe(false);
      await ask(server, acme.apiKey, '  do you SHIP to mars ');
      const latest = await ask(server, acme.publishableKey, 'Do you ship to Mars??');
      await rate(acme.apiKey, unknown.messageId, { rating: 'down', comment: 'Please add shipping' });
      const failedAt = server.ports.clock.now();
      await recordWebhookFailure(server, acme.project.id, failedAt);
      const response = await server.request(`/projects/${acme.project.id}/analytics`, { headers });
      expect(response.status).toBe(200);
      const report = response.body;
      expect(report.counts).toMatchObject({ documents: 1, conversations: 7 });
      expect(report.counts.chunks).toBeGreaterThan(0);
      expect(report.answers).toMatchObject({ answered: 4, unanswered: 3, total: 7 });
      expect(report.answers.unansweredRate).toBeCloseTo(3 / 7);
      expect(report.unansweredQuestions[0]).toEqual({
        question: 'Do you ship to Mars??',
        count: 3,
        conversationId: latest.conversationId,
        messageId: latest.messageId,
        lastAskedAt: expect.any(String),
        curatedAnswersPath: `/projects/${acme.project.id}/answers`,
      });
      expect(report.thumbsDown[0]).toMatchObject({
        question: 'Do you ship to Mars?',
        answer: "I don't know.",
        comment: 'Please add shipping',
        messageId: unknown.messageId,
        curatedAnswersPath: `/projects/${acme.project.id}/answers`,
      });
      expect(report.leadNotifications).toEqual({
        delivered: 0,
        failed: 1,
        lastFailure: {
          at: failedAt.toISOString(),
          event: 'lead.verified',
          attempts: 3,
          responseStatus: 503,
          error: 'HTTP 503',
        },
      });
      expect(report.usage.daily).toHaveLength(30);
      expect(report.usage.daily.at(-1).calls).toBeGreaterThan(0);
      expect(report.usage.daily[0]).toMatchObject({ calls: 0, totalTokens: 0 });
      const viaKey = await server.request('/analytics?days=7&limit=1', {
        headers: { 'x-api-key': acme.apiKey },
      });
      expect(viaKey.body.usage.daily).toHaveLength(7);
      expect(viaKey.body.unansweredQuestions).toHaveLength(1);
      const otherReport = await server.request('/analytics', { headers: { 'x-api-key': other.apiKey } });
      expect(otherReport.body.answers.total).toBe(0);
      expect(otherReport.body.leadNotifications).toEqual({ delivered: 0, failed: 0, lastFailure: null });
      expect(viaKey.body.leadNotifications.failed).toBe(1);
      expect(
        (await server.request('/analytics?days=0', { headers: { 'x-api-key': acme.apiKey } })).status,
      ).toBe(400);
      expect(await openApiMismatches(server)).toEqual([]);
      const document = JSON.stringify((await server.request('/openapi.json')).body);
      expect(document.match(/"required":\[[^\]]*"leadNotifications"/g)).toHaveLength(2);
    });
  });
}
