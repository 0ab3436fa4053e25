import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackgroundIndexing, CreateUser, DocumentRepository, VectorStore } from '@chatbuddy/core';
import { type ChatBuddy, type ChatBuddyConfigInput, createChatBuddy, createLogger } from '@chatbuddy/runtime';
import { createTestDatabase, type TestDatabase } from '@chatbuddy/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './server.js';

const company = [
  '# Nimbus Bakery',
  'Nimbus Bakery was founded in 1998 by Marta Olsen in Bergen, Norway.',
  '## Opening hours',
  'The shop is open from 7:00 to 18:00 on weekdays and from 8:00 to 14:00 on Saturdays. It is closed on Sundays.',
  '## Delivery',
  'Cakes ordered before noon are delivered the same day within Bergen for a fee of 90 kroner.',
  '## Allergies',
  'All sourdough loaves are vegan. The almond croissant contains nuts and dairy.',
].join('\n\n');

interface Mode {
  name: string;
  enabled: boolean;
  config: () => Promise<{ config: ChatBuddyConfigInput; cleanup: () => Promise<void> }>;
}

const modes: Mode[] = [
  {
    name: 'embedded default (PGlite + pgvector + local provider)',
    enabled: true,
    config: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-e2e-'));
      return { config: { dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'server mode (PostgreSQL + Chroma + local provider)',
    enabled: Boolean(process.env.DB_URL && process.env.CHROMA_URL),
    config: async () => {
      const database: TestDatabase = await createTestDatabase(process.env.DB_URL!);
      const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-e2e-'));
      return {
        config: { dbUrl: database.url, chromaUrl: process.env.CHROMA_URL, autoMigrate: true, dataDir },
        cleanup: async () => {
          await database.drop();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

for (const mode of modes) {
  describe.skipIf(!mode.enabled)(`end to end: ${mode.name}`, () => {
    let server: RunningServer;
    let runtime: ChatBuddy;
    let cleanup: () => Promise<void>;
    let headers: Record<string, string>;
    let keys: { apiKey: string; publishableKey: string };
    const call = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
      const { json, ...rest } = init;
      const response = await fetch(`${server.url}${path}`, {
        ...rest,
        headers: {
          ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(rest.headers as Record<string, string>),
        },
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
      const text = await response.text();
      return {
        status: response.status,
        text,
        body: text.startsWith('{') ? JSON.parse(text) : text,
        headers: response.headers,
      };
    };

    beforeAll(async () => {
      const prepared = await mode.config();
      cleanup = prepared.cleanup;
      runtime = await createChatBuddy(
        { nodeEnv: 'test', logLevel: 'silent', ...prepared.config },
        { logger: createLogger({ logLevel: 'silent' }) },
      );
      server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
      await runtime
        .get(CreateUser)
        .execute({ email: 'owner@nimbus.example', password: 'correct horse battery staple', role: 'user' });
      const login = await call('/auth/login', {
        method: 'POST',
        json: { email: 'owner@nimbus.example', password: 'correct horse battery staple' },
      });
      expect(login.status).toBe(200);
      headers = { authorization: `Bearer ${login.body.accessToken}` };
      const created = await call('/projects', {
        method: 'POST',
        headers,
        json: { name: 'Nimbus Bakery', tokenLimit: 20_000 },
      });
      expect(created.status).toBe(201);
      keys = created.body;
      const upload = await call('/upload-doc', {
        method: 'POST',
        headers: { 'x-api-key': keys.apiKey },
        json: { title: 'About Nimbus Bakery', content: company },
      });
      expect(upload.status).toBe(201);
      expect(upload.body.document.status).toBe('ready');
    });

    afterAll(async () => {
      await server?.stop();
      await cleanup?.();
    });

    it('is healthy and ready', async () => {
      expect((await call('/health')).status).toBe(200);
      const ready = await call('/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.ready).toBe(true);
    });

    it('answers a question from the documents with the right source', async () => {
      const answer = await call('/chat', {
        method: 'POST',
        headers: { 'x-api-key': keys.publishableKey },
        json: { message: 'What time does the shop open on Saturdays?' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.answered).toBe(true);
      expect(answer.body.reply).toMatch(/8:00/);
      expect(answer.body.sources[0].title).toBe('About Nimbus Bakery');
      expect(answer.body.sources.map((source: { snippet: string }) => source.snippet).join(' ')).toContain(
        'Saturdays',
      );
    });

    it('indexes uploads answered with 202 (Prefer: respond-async) sent at once, each whole', async () => {
      const flavours = [
        'rhubarb',
        'cardamom',
        'saffron',
        'lingonberry',
        'hazelnut',
        'juniper',
        'elderflower',
        'sea buckthorn',
      ];
      const uploads = await Promise.all(
        flavours.map((flavour, day) =>
          call('/upload-doc', {
            method: 'POST',
            headers: { 'x-api-key': keys.apiKey, prefer: 'respond-async' },
            json: {
              title: `Special ${flavour}`,
              content: `# Weekly special\n\nOn day ${day + 1} of the festival the special bun is ${flavour}, baked at dawn.\n\n## Price\n\nThe ${flavour} bun costs ${30 + day} kroner.`,
            },
          }),
        ),
      );
      expect(uploads.map((upload) => upload.status)).toEqual(flavours.map(() => 202));
      const ids = uploads.map((upload) => upload.body.document.id as string);
      for (const id of ids) {
        let document: { status: string; chunkCount: number } | undefined;
        for (let attempt = 0; attempt < 600 && document?.status !== 'ready'; attempt += 1) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20));
          document = (await call(`/documents/${id}`, { headers: { 'x-api-key': keys.apiKey } })).body
            .document;
        }
        expect(document).toMatchObject({ status: 'ready' });
        expect(document!.chunkCount).toBeGreaterThan(0);
      }
      const answer = await call('/chat', {
        method: 'POST',
        headers: { 'x-api-key': keys.publishableKey },
        json: { message: 'How much does the saffron bun cost?' },
      });
      expect(answer.body.answered).toBe(true);
      expect(answer.body.reply).toContain('32');
      expect(answer.body.sources[0].documentId).toBe(ids[2]);
    });

    it('replaces a document answered with 202, the old content answering until the new one is ready', async () => {
      const uploaded = await call('/upload-doc', {
        method: 'POST',
        headers: { 'x-api-key': keys.apiKey },
        json: { title: 'Catering', content: '# Catering\n\nCatering orders need three days of notice.' },
      });
      const id = uploaded.body.document.id as string;
      const replaced = await call(`/documents/${id}`, {
        method: 'PUT',
        headers: { 'x-api-key': keys.apiKey, prefer: 'respond-async' },
        json: { title: 'Catering', content: '# Catering\n\nCatering orders need five days of notice.' },
      });
      expect(replaced.status).toBe(202);
      expect(replaced.body.document).toMatchObject({ id, status: 'indexing' });
      let document: { status: string; version: number } | undefined;
      const replies: string[] = [];
      for (let attempt = 0; attempt < 600 && document?.status !== 'ready'; attempt += 1) {
        const chat = await call('/chat', {
          method: 'POST',
          headers: { 'x-api-key': keys.apiKey },
          json: { message: 'How many days of notice do catering orders need?' },
        });
        replies.push(chat.body.reply as string);
        document = (await call(`/documents/${id}`, { headers: { 'x-api-key': keys.apiKey } })).body.document;
      }
      expect(document).toMatchObject({ status: 'ready', version: 2 });
      // Every answer meanwhile came from one version or the other, never from nothing.
      for (const reply of replies) expect(reply).toMatch(/three|five/);
      const after = await call('/chat', {
        method: 'POST',
        headers: { 'x-api-key': keys.apiKey },
        json: { message: 'How many days of notice do catering orders need?' },
      });
      expect(after.body.reply).toContain('five');
      const reindexed = await call(`/documents/${id}/reindex`, {
        method: 'POST',
        headers: { 'x-api-key': keys.apiKey, prefer: 'respond-async' },
      });
      expect(reindexed.status).toBe(202);
    });

    it('leaves exactly the vectors of the final chunks after replacements racing each other', async () => {
      const uploaded = await call('/upload-doc', {
        method: 'POST',
        headers: { 'x-api-key': keys.apiKey },
        json: { title: 'Seasonal menu', content: '# Menu\n\nThe seasonal menu starts in March.' },
      });
      const { id, projectId } = uploaded.body.document as { id: string; projectId: string };
      const contents = Array.from(
        { length: 24 },
        (_, index) =>
          `# Menu\n\nVersion ${index} of the seasonal menu.\n\n${'The bakery serves cinnamon buns and rye bread every morning. '.repeat(1 + (index % 5) * 8)}`,
      );
      const answers = await Promise.all(
        contents.map((content, index) =>
          call(`/documents/${id}`, {
            method: 'PUT',
            // Half answered when indexed, half before: both run against each other.
            headers: { 'x-api-key': keys.apiKey, ...(index % 2 === 0 && { prefer: 'respond-async' }) },
            json: { content },
          }),
        ),
      );
      for (const answer of answers) expect([200, 202, 409]).toContain(answer.status);
      await runtime.get(BackgroundIndexing).idle();
      const document = await runtime.get<DocumentRepository>(DocumentRepository).findById(projectId, id);
      expect(document?.status).toBe('ready');
      expect(contents).toContain(document?.content);
      const rows = (await runtime.get<DocumentRepository>(DocumentRepository).listChunks(projectId, id)).map(
        (chunk) => chunk.id,
      );
      expect(rows).toHaveLength(document!.chunkCount);
      // Every vector of the document is one of its chunk rows, and every row has its vector.
      expect(await runtime.get<VectorStore>(VectorStore).listChunkIds(projectId, id)).toEqual(
        [...rows].sort(),
      );
    });

    it('says exactly "I don\'t know." to an unrelated question', async () => {
      const answer = await call('/chat', {
        method: 'POST',
        headers: { 'x-api-key': keys.apiKey },
        json: { message: 'How many moons does Jupiter have?' },
      });
      expect(answer.body).toMatchObject({ reply: "I don't know.", answered: false, sources: [] });
      const usage = await call('/usage', { headers: { 'x-api-key': keys.apiKey } });
      expect(usage.body.recent[0]).toMatchObject({ outcome: 'abstained', totalTokens: 0, model: 'none' });
    });

    it('uses history for a follow-up question', async () => {
      const first = await call('/chat', {
        method: 'POST',
        headers: { 'x-api-key': keys.apiKey },
        json: { message: 'Which cakes are delivered the same day?' },
      });
      expect(first.body.answered).toBe(true);
      const followUp = await call('/chat', {
        method: 'POST',
        headers: { 'x-api-key': keys.apiKey },
        json: { message: 'How much is the fee?', conversationId: first.body.conversationId },
      });
      expect(followUp.body.answered).toBe(true);
      expect(followUp.body.reply).toContain('90 kroner');
    });

    it('streams tokens over Server-Sent Events', async () => {
      const stream = await call('/chat', {
        method: 'POST',
        headers: { 'x-api-key': keys.apiKey, accept: 'text/event-stream' },
        json: { message: 'Who founded Nimbus Bakery?' },
      });
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const events = [...stream.text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
      expect(events.filter((event) => event === 'token').length).toBeGreaterThan(1);
      expect(events.slice(-2)).toEqual(['sources', 'done']);
      expect(stream.text).toContain('Marta Olsen');
    });

    it('returns 429 once the token quota is spent', async () => {
      const tiny = await call('/projects', {
        method: 'POST',
        headers,
        json: { name: 'Tiny', tokenLimit: 50 },
      });
      await call('/upload-doc', {
        method: 'POST',
        headers: { 'x-api-key': tiny.body.apiKey },
        json: { content: company },
      });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const response = await call('/chat', {
          method: 'POST',
          headers: { 'x-api-key': tiny.body.apiKey },
          json: { message: 'Who founded Nimbus Bakery?' },
        });
        statuses.push(response.status);
        if (response.status === 429) expect(response.body.error.code).toBe('token_limit_exceeded');
      }
      expect(statuses[0]).toBe(200);
      expect(statuses).toContain(429);
    });
  });
}
