import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../config.js';
import { createLogger } from '../logger.js';
import type { Persistence } from '../resources.js';
import { openPersistence } from '../storage-selection.js';

/**
 * A migrated database for tests of driving adapters: embedded PGlite in a temporary folder, or
 * the PostgreSQL database at `dbUrl`. Pass it as `resources.persistence`; `close` also removes
 * the folder.
 */
export async function openTestPersistence(options: { dbUrl?: string } = {}): Promise<Persistence> {
  const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-persistence-'));
  const config = configSchema.parse({
    dataDir,
    autoMigrate: true,
    searchMirrorMaxChunks: 0,
    ...(options.dbUrl && { dbUrl: options.dbUrl }),
  });
  const { persistence } = await openPersistence(config, createLogger({ logLevel: 'silent' }));
  return {
    ...persistence,
    close: async () => {
      try {
        await persistence.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
