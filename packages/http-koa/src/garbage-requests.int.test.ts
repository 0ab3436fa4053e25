import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@chatbuddy/runtime/testing';
import { garbageRequestsSuite } from './testing/garbage-requests.suite.js';

garbageRequestsSuite('server mode (PostgreSQL + Chroma)', {
  enabled: Boolean(process.env.DB_URL && process.env.CHROMA_URL),
  numRuns: 120,
  prepare: async () => {
    const database = await createTestDatabase(process.env.DB_URL!);
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-garbage-'));
    return {
      config: { dbUrl: database.url, chromaUrl: process.env.CHROMA_URL, autoMigrate: true, dataDir },
      cleanup: async () => {
        await database.drop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
});
