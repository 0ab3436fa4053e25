import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationRepository, LeadRepository } from '@chatbuddy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreEmbeddedBackup, swapIn } from './backup.js';
import { type ChatBuddy, createChatBuddy } from './chat-buddy.js';
import { DataFolderLockedError } from './data-folder-lock.js';
import { createLogger } from './logger.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});
async function folder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'chatbuddy-backup-'));
  folders.push(path);
  return path;
}
const open = (dataDir: string) =>
  createChatBuddy(
    { nodeEnv: 'test', logLevel: 'silent', dataDir },
    { logger: createLogger({ logLevel: 'silent' }) },
  );

const facts = [
  'Refunds are accepted within 30 days of purchase with the original receipt.',
  'Standard shipping to Portugal takes four working days and costs 5 euros.',
  'The shop in Lisbon opens at nine in the morning from Monday to Saturday.',
];

/** Everything a backup must carry, read through the ports. */
async function contents(runtime: ChatBuddy, projectId: string) {
  const documents = await runtime.documents.list(projectId, { limit: 100 });
  const conversations = await runtime
    .get<ConversationRepository>(ConversationRepository)
    .list(projectId, { limit: 100 });
  return {
    documents: documents.items.map((document) => [document.id, document.title, document.status]).sort(),
    conversations: conversations.items.map((conversation) => conversation.id).sort(),
  };
}

describe('backup and restore of the embedded database', { timeout: 180_000 }, () => {
  it('restores documents, conversations and leads into a fresh data folder, and retrieval still answers', async () => {
    const source = await open(await folder());
    let archive: Uint8Array;
    let projectId: string;
    let before: Awaited<ReturnType<typeof contents>>;
    let leadId: string;
    try {
      ({
        project: { id: projectId },
      } = await source.projects.create({ name: 'Shop' }));
      for (const [index, content] of facts.entries()) {
        await source.documents.upload(projectId, { content, title: `Fact ${index}` });
      }
      const answer = await source.chat.ask(projectId, {
        message: 'How long does shipping to Portugal take?',
      });
      expect(answer.answered).toBe(true);
      const now = new Date();
      leadId = randomUUID();
      await source.get<LeadRepository>(LeadRepository).findOrCreateLead({
        id: leadId,
        projectId,
        name: 'Jane',
        email: 'jane@example.com',
        verifiedAt: now,
        messagesUsed: 1,
        createdAt: now,
        updatedAt: now,
      });
      before = await contents(source, projectId);
      // Taken while the instance is open and serving, as the server does.
      archive = await source.backup();
      // Written after the backup: must not be in it.
      await source.documents.upload(projectId, { content: 'Gift cards never expire.', title: 'Later' });
    } finally {
      await source.close();
    }
    expect(before.documents).toHaveLength(3);
    expect(before.conversations).toHaveLength(1);

    const fresh = await folder();
    await restoreEmbeddedBackup({ dataDir: fresh }, archive);
    const restored = await open(fresh);
    try {
      expect(await contents(restored, projectId)).toEqual(before);
      const lead = await restored.get<LeadRepository>(LeadRepository).findLead(projectId, leadId);
      expect(lead).toMatchObject({ name: 'Jane', email: 'jane@example.com', messagesUsed: 1 });
      const answer = await restored.chat.ask(projectId, { message: 'When does the Lisbon shop open?' });
      expect(answer.answered).toBe(true);
      expect(answer.reply).toMatch(/nine/);
    } finally {
      await restored.close();
    }
  });

  it('refuses while the folder is held, in server mode, and over a database unless replacing', async () => {
    const dataDir = await folder();
    const running = await open(dataDir);
    const archive = await running.backup();
    try {
      await expect(restoreEmbeddedBackup({ dataDir }, archive)).rejects.toBeInstanceOf(DataFolderLockedError);
    } finally {
      await running.close();
    }
    await expect(restoreEmbeddedBackup({ dataDir }, archive)).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'restore_refused' },
    });
    await expect(
      restoreEmbeddedBackup({ dataDir, dbUrl: 'postgres://x@127.0.0.1/x' }, archive),
    ).rejects.toThrow(/pg_restore/);
    const { replacedTo } = await restoreEmbeddedBackup({ dataDir }, archive, { replace: true });
    expect(replacedTo).toMatch(/pglite\.replaced-/);
    const reopened = await open(dataDir);
    await reopened.close();
    const garbage = await folder();
    await writeFile(join(garbage, 'x'), 'x');
    await expect(
      restoreEmbeddedBackup({ dataDir: garbage }, new TextEncoder().encode('not an archive')),
    ).rejects.toThrow();
  });

  it('puts the live database back when the restored one cannot take its place', async () => {
    const dataDir = await folder();
    const live = join(dataDir, 'pglite');
    await mkdir(live);
    await writeFile(join(live, 'PG_VERSION'), '17');
    // The restored folder is gone: the second rename fails after the live one moved aside.
    await expect(
      swapIn(join(dataDir, 'pglite.restoring-x'), live, join(dataDir, 'pglite.replaced-x')),
    ).rejects.toThrow();
    expect(await readdir(dataDir)).toEqual(['pglite']);
    expect(await readFile(join(live, 'PG_VERSION'), 'utf8')).toBe('17');
  });
});
