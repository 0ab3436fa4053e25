import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaVectorStore } from '@chatbuddy/adapters-chroma';
import { createPostgresPersistence, VectorOutbox } from '@chatbuddy/adapters-postgres';
import { CheckReadiness, ModelGateway, VectorStore } from '@chatbuddy/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type ChatBuddy, createChatBuddy } from './chat-buddy.js';
import { migrateDatabase } from './storage-selection.js';
import { createTestDatabase } from './testing/test-database.js';
import { ConfigError, parseConfig } from './config.js';
import { DataFolderLockedError } from './data-folder-lock.js';
import { createLogger } from './logger.js';

const logger = createLogger({ logLevel: 'silent' });
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** Runs `use` on an embedded instance in a fresh data folder, closing it after. */
async function withEmbeddedApp(prefix: string, use: (app: ChatBuddy) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  folders.push(dataDir);
  const app = await createChatBuddy({ dataDir }, { logger });
  try {
    await use(app);
  } finally {
    await app.close();
  }
}

describe('createChatBuddy (embedded default)', () => {
  it('creates a missing nested data folder, migrates, is ready, and reopens the same data', async () => {
    const root = await mkdtemp(join(tmpdir(), 'chatbuddy-runtime-'));
    folders.push(root);
    const dataDir = join(root, 'a', 'b');
    const first = await createChatBuddy({ dataDir, logLevel: 'silent' }, { logger });
    expect((await first.get(CheckReadiness).execute()).ready).toBe(true);
    await first.close();
    await first.close();
    const second = await createChatBuddy({ dataDir, logLevel: 'silent' }, { logger });
    expect((await second.get(CheckReadiness).execute()).ready).toBe(true);
    await second.close();
  });

  it('refuses a second opener of the same data folder until the first closes', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-runtime-'));
    folders.push(dataDir);
    const first = await createChatBuddy({ dataDir, logLevel: 'silent' }, { logger });
    const second = createChatBuddy({ dataDir, logLevel: 'silent' }, { logger });
    await expect(second).rejects.toBeInstanceOf(DataFolderLockedError);
    await expect(second).rejects.toMatchObject({ code: 'data_folder_locked', pid: process.pid });
    expect((await first.get(CheckReadiness).execute()).ready).toBe(true);
    await first.close();
    const third = await createChatBuddy({ dataDir, logLevel: 'silent' }, { logger });
    await third.close();
  });

  it('refuses a bad configuration naming the variable', async () => {
    await expect(createChatBuddy({ port: 99999 } as never, { logger })).rejects.toThrow(ConfigError);
    await expect(createChatBuddy({ dbUrl: 'mysql://x' } as never, { logger })).rejects.toThrow(/DB_URL/);
    await expect(createChatBuddy({ nodeEnv: 'production' }, { logger })).rejects.toThrow(/AUTH_SECRET/);
  });
});

describe('embedding API', () => {
  it('uploads a document and answers from it without HTTP', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-embed-'));
    folders.push(dataDir);
    const app = await createChatBuddy({ dataDir }, { logger });
    try {
      const { project } = await app.projects.create({ name: 'Embedded' });
      expect((await app.projects.create({ name: 'Second' })).project.ownerId).toBe(project.ownerId);
      await app.documents.upload(project.id, {
        title: 'Refunds',
        content: 'Refunds are paid within 14 days of receiving the returned item.',
      });
      expect((await app.documents.list(project.id)).items).toHaveLength(1);
      const answer = await app.chat.ask(project.id, { message: 'Within how many days are refunds paid?' });
      expect(answer.answered).toBe(true);
      expect(answer.reply).toContain('14 days');
      // Projects indexed with the first local embedder keep searching with it.
      const models = app.get<ModelGateway>(ModelGateway);
      expect(models.embedder('local', 'local:hash-512@1').model).toBe('local:hash-512@1');
      expect(models.embedder('local', null).model).toBe('local:hash-512@2');
      // The second project has no search data yet: only the first is loaded into memory.
      expect(await app.warmUp()).toEqual({ projects: 1, chunks: 1 });
      const again = await app.chat.ask(project.id, { message: 'Within how many days are refunds paid?' });
      expect(again.reply).toBe(answer.reply);
      await expect(
        app.chat.ask('00000000-0000-4000-8000-0000000000bb', { message: 'hi' }),
      ).rejects.toMatchObject({ code: 'project_not_found' });
    } finally {
      await app.close();
    }
  });
});

describe('text cut between characters', () => {
  // A title, snippet or summary cut in the middle of an emoji holds half a surrogate pair, which
  // the database refuses: the chat failed with invalid_input.
  it('answers a question of emoji from a document of emoji, storing titles and snippets whole', {
    timeout: 60_000,
  }, async () => {
    await withEmbeddedApp('chatbuddy-emoji-', async (app) => {
      const { project } = await app.projects.create({ name: 'Emoji' });
      await app.documents.upload(project.id, {
        content: `${'😀'.repeat(150)} Refunds are paid within 14 days of receiving the returned item.`,
      });
      const answer = await app.chat.ask(project.id, {
        message: `${'😀'.repeat(100)} Within how many days are refunds paid?`,
      });
      expect(answer.reply).toContain('14 days');
      expect(answer.sources[0]!.snippet.endsWith('…')).toBe(true);
      const again = await app.chat.ask(project.id, {
        message: `a${'😀'.repeat(100)} and within how many days are refunds paid?`,
        conversationId: answer.conversationId,
      });
      expect(again.conversationId).toBe(answer.conversationId);
    });
  });
});

describe('indexing hostile text', () => {
  // Token counting and sentence splitting once took time quadratic in the length of a run without
  // a break: this upload kept the process busy for many minutes. The time limit is the assertion.
  it('indexes a document made of long runs without a break, and still answers from it', {
    timeout: 180_000,
  }, async () => {
    await withEmbeddedApp('chatbuddy-runs-', async (app) => {
      const { project } = await app.projects.create({ name: 'Runs' });
      const content = [
        'Refunds are paid within 14 days of receiving the returned item.',
        '-'.repeat(100_000),
        `${' '.repeat(100_000)}x`,
        '中'.repeat(50_000),
        'x'.repeat(100_000),
        ')'.repeat(50_000),
      ].join('\n\n');
      const document = await app.documents.upload(project.id, { title: 'Runs', content });
      expect(document.status).toBe('ready');
      expect(document.chunkCount).toBeGreaterThan(100);
      const answer = await app.chat.ask(project.id, { message: 'Within how many days are refunds paid?' });
      expect(answer.reply).toContain('14 days');
    });
  });

  it('indexes an upload answered before it was indexed before it closes', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-async-'));
    folders.push(dataDir);
    const first = await createChatBuddy({ dataDir }, { logger });
    const { project } = await first.projects.create({ name: 'Async' });
    const stored = await first.documents.upload(
      project.id,
      { title: 'Hours', content: 'The shop opens at nine on weekdays and at ten on Saturdays.' },
      { respondAsync: true },
    );
    expect(stored).toMatchObject({ status: 'indexing', chunkCount: 0 });
    await first.close();
    const second = await createChatBuddy({ dataDir }, { logger });
    try {
      const [document] = (await second.documents.list(project.id)).items;
      expect(document).toMatchObject({ id: stored.id, status: 'ready', chunkCount: 1 });
      const answer = await second.chat.ask(project.id, { message: 'When does the shop open on Saturdays?' });
      expect(answer.answered).toBe(true);
    } finally {
      await second.close();
    }
  });
});

describe.skipIf(!process.env.DB_URL || !process.env.CHROMA_URL)(
  'createChatBuddy on a PostgreSQL server (DB_URL, CHROMA_URL)',
  () => {
    it('refuses to start on a database that is not migrated, saying how to migrate it, then starts once it is', async () => {
      const database = await createTestDatabase(process.env.DB_URL!);
      const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-unmigrated-'));
      folders.push(dataDir);
      try {
        const config = { dbUrl: database.url, chromaUrl: process.env.CHROMA_URL, dataDir };
        const refused = await createChatBuddy(config, { logger }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ConfigError);
        expect((refused as ConfigError).problems.map((problem) => problem.variable)).toEqual([
          'AUTO_MIGRATE',
        ]);
        expect((refused as Error).message).toMatch(
          /not up to date: \d+ migrations .* run `chatbuddy migrate`/,
        );
        // Nothing was migrated meanwhile: `chatbuddy migrate` applies every migration.
        expect((await migrateDatabase(parseConfig(config))).applied.length).toBeGreaterThan(1);
        const app = await createChatBuddy(config, { logger });
        try {
          expect((await app.get(CheckReadiness).execute()).ready).toBe(true);
        } finally {
          await app.close();
        }
      } finally {
        await database.drop();
      }
    });

    it('answers uploads before Chroma has their vectors, sends them on, and writes Chroma first with CHROMA_WRITE_BEHIND=false', async () => {
      const database = await createTestDatabase(process.env.DB_URL!);
      const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-outbox-'));
      folders.push(dataDir);
      const config = { dbUrl: database.url, chromaUrl: process.env.CHROMA_URL, dataDir, autoMigrate: true };
      const reader = await createPostgresPersistence({ url: database.url });
      const waiting = async () =>
        Number(
          (
            await reader.db
              .selectFrom('vector_outbox')
              .select((eb) => eb.fn.countAll().as('count'))
              .executeTakeFirstOrThrow()
          ).count,
        );
      let projectId: string | undefined;
      try {
        const app = await createChatBuddy(config, { logger });
        try {
          expect(app.get<VectorStore>(VectorStore)).toBeInstanceOf(VectorOutbox);
          ({
            project: { id: projectId },
          } = await app.projects.create({ name: 'Write behind' }));
          await app.documents.upload(projectId, {
            title: 'Refunds',
            content: 'Refunds are paid within 14 days of receiving the returned item.',
          });
          const answer = await app.chat.ask(projectId, { message: 'Within how many days are refunds paid?' });
          expect(answer.reply).toContain('14 days');
          // A vector Chroma refuses (not a number) stays in the outbox, counted by the instance's stats.
          const { project: other } = await app.projects.create({ name: 'Refused vector' });
          await reader.db
            .insertInto('vector_outbox')
            .values({
              chunk_id: randomUUID(),
              project_id: other.id,
              document_id: randomUUID(),
              dimensions: 1,
              embedding: Buffer.from([0, 0, 0xc0, 0x7f]),
            })
            .execute();
          await vi.waitFor(async () => expect((await app.stats()).vectorOutbox).toBe(1), { timeout: 10_000 });
          await reader.db.deleteFrom('vector_outbox').where('project_id', '=', other.id).execute();
          await new ChromaVectorStore({ url: process.env.CHROMA_URL! }).dropProject(other.id);
        } finally {
          await app.close();
        }
        // Sent on by the writer, or by the stop at the latest.
        expect(await waiting()).toBe(0);
        const direct = await createChatBuddy({ ...config, chromaWriteBehind: false }, { logger });
        try {
          expect(direct.get<VectorStore>(VectorStore)).toBeInstanceOf(ChromaVectorStore);
          // Chroma alone answers: the vector reached it.
          const hits = await direct.get<VectorStore>(VectorStore).query(projectId, {
            embedding: Array.from({ length: 512 }, (_, index) => (index === 0 ? 1 : 0)),
            topK: 5,
          });
          expect(hits.map((hit) => hit.chunk.text)).toEqual([
            'Refunds are paid within 14 days of receiving the returned item.',
          ]);
          await direct.documents.upload(projectId, { title: 'Hours', content: 'The shop opens at nine.' });
          expect(await waiting()).toBe(0);
        } finally {
          await direct.close();
        }
      } finally {
        if (projectId) await new ChromaVectorStore({ url: process.env.CHROMA_URL! }).dropProject(projectId);
        await reader.close();
        await database.drop();
      }
    });
  },
);
