import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstorableText } from '@chatbuddy/core/testing';
import type { ChatBuddyConfigInput, Resources } from '@chatbuddy/runtime';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

const modes: Array<{ name: string; resources: Partial<Resources> }> = [
  { name: 'in-memory fakes', resources: {} },
  // The embedded database, which refuses such text when it is too late: after the model call.
  { name: 'PGlite', resources: { persistence: undefined } as unknown as Partial<Resources> },
];

for (const mode of modes) {
  describe(`chat with unstorable text on ${mode.name}`, () => {
    let server: TestServer;
    let dataDir: string;
    let key: string;
    let secret: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-stored-text-'));
      server = await startTestServer({
        config: { dataDir } as ChatBuddyConfigInput,
        resources: mode.resources,
      });
      const owner = await signedInUser(server, 'user', 'owner@example.com');
      const created = await server.request('/projects', {
        method: 'POST',
        headers: owner.headers,
        json: { name: 'Acme', tokenLimit: 1_000_000 },
      });
      key = created.body.publishableKey;
      secret = created.body.apiKey;
      const upload = await server.request('/upload-doc', {
        method: 'POST',
        headers: { 'x-api-key': created.body.apiKey },
        json: {
          title: 'Refunds',
          content: 'Refunds are paid within 14 days of receiving the returned robot.',
        },
      });
      expect(upload.status).toBe(201);
      server.ports.models.chat.reply = (request) => `${request.context[0]?.text ?? ''} [S1]`;
    });
    afterAll(async () => {
      await server?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    const state = async () => {
      const headers = { 'x-api-key': secret };
      const usage = await server.request('/usage', { headers });
      const conversations = await server.request('/conversations', { headers });
      expect([usage.status, conversations.status]).toEqual([200, 200]);
      return {
        tokensUsed: usage.body.tokensUsed,
        totals: usage.body.totals,
        conversations: conversations.body.items,
      };
    };

    it('answers 400 invalid_input with a publishable key, and spends, logs and stores nothing', async () => {
      const before = await state();
      const calls = server.ports.models.chat.requests.length;
      await fc.assert(
        fc.asyncProperty(unstorableText, async (text) => {
          const response = await server.request('/chat', {
            method: 'POST',
            headers: { 'x-api-key': key },
            json: { message: `When are refunds paid? ${text}` },
          });
          expect(response.status).toBe(400);
          expect(response.body.error.code).toBe('invalid_input');
        }),
        { numRuns: 25 },
      );
      expect(server.ports.models.chat.requests.length).toBe(calls);
      expect(await state()).toEqual(before);
      const fine = await server.request('/chat', {
        method: 'POST',
        headers: { 'x-api-key': key },
        json: { message: 'When are refunds paid?' },
      });
      expect(fine.status).toBe(200);
      const after = await state();
      expect(after.tokensUsed).toBe(after.totals.totalTokens);
      expect(after.tokensUsed).toBe(before.tokensUsed + fine.body.usage.totalTokens);
    });
  });
}
