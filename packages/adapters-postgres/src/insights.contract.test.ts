import { insightsContract } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from './postgres-persistence.js';

vi.setConfig({ testTimeout: 30_000 });

let persistence: PostgresPersistence;

beforeAll(async () => {
  persistence = await createPostgresPersistence({ dataDir: 'memory' });
  await persistence.migrate();
}, 180_000);

afterAll(async () => {
  await persistence?.close();
});

insightsContract('PGlite', async () => ({
  repositories: persistence.repositories,
  feedback: persistence.repositories.feedback,
  analytics: persistence.repositories.analytics,
}));
