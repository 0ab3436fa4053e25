import { serviceAccountEmail } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { createChatBuddy } from './chat-buddy.js';
import { createLogger } from './logger.js';
import { inMemoryResources } from './testing/in-memory-resources.js';

/** A runtime on in-memory adapters, with the ports behind it. */
async function inMemoryRuntime() {
  const { resources, ports } = inMemoryResources();
  const runtime = await createChatBuddy(
    { nodeEnv: 'test', logLevel: 'silent' },
    { resources, logger: createLogger({ logLevel: 'silent' }) },
  );
  return { runtime, ports };
}

describe('embedding facade', () => {
  it('gives projects created without an owner to one service account, even two created at once', async () => {
    const { runtime, ports } = await inMemoryRuntime();
    try {
      const [first, second] = await Promise.all([
        runtime.projects.create({ name: 'First' }),
        runtime.projects.create({ name: 'Second' }),
      ]);
      const owner = await ports.users.findByEmail(serviceAccountEmail);
      expect(owner).toMatchObject({ role: 'user', status: 'active' });
      expect([first.project.ownerId, second.project.ownerId]).toEqual([owner!.id, owner!.id]);
      await expect(ports.users.list({ limit: 10 })).resolves.toMatchObject({ items: [{ id: owner!.id }] });
    } finally {
      await runtime.close();
    }
  });

  it('removes a project with its documents and vectors, and says when there is no such project', async () => {
    const { runtime, ports } = await inMemoryRuntime();
    try {
      const { project } = await runtime.projects.create({ name: 'Temporary' });
      const { project: kept } = await runtime.projects.create({ name: 'Kept' });
      const removed = await runtime.documents.upload(project.id, {
        title: 'Shipping',
        content: 'Parcels leave within two days.',
      });
      const keptDocument = await runtime.documents.upload(kept.id, { content: 'Returns are free.' });
      expect(await ports.vectorStore.listChunkIds(project.id, removed.id)).toHaveLength(1);
      await runtime.projects.remove(project.id);
      expect(await ports.projects.findById(project.id)).toBeNull();
      await expect(runtime.documents.list(project.id)).resolves.toMatchObject({ items: [] });
      expect(await ports.vectorStore.listChunkIds(project.id, removed.id)).toEqual([]);
      const audit = await ports.audit.list({ actions: ['project_deleted'] }, { limit: 10 });
      expect(audit.items.map((entry) => [entry.targetType, entry.targetId])).toEqual([
        ['project', project.id],
      ]);
      expect(await ports.vectorStore.listChunkIds(kept.id, keptDocument.id)).toHaveLength(1);
      // Another project keeps its document.
      expect((await runtime.documents.list(kept.id)).items.map((document) => document.id)).toEqual([
        keptDocument.id,
      ]);
      for (const missing of [project.id, 'not-a-project-id']) {
        await expect(runtime.projects.remove(missing)).rejects.toMatchObject({ code: 'project_not_found' });
      }
    } finally {
      await runtime.close();
    }
  });
});
