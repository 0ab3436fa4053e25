import { serviceAccountEmail } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { createChatBuddy } from './chat-buddy.js';
import { createLogger } from './logger.js';
import { inMemoryResources } from './testing/in-memory-resources.js';

describe('embedding facade', () => {
  it('gives projects created without an owner to one service account, even two created at once', async () => {
    const { resources, ports } = inMemoryResources();
    const runtime = await createChatBuddy(
      { nodeEnv: 'test', logLevel: 'silent' },
      { resources, logger: createLogger({ logLevel: 'silent' }) },
    );
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
});
