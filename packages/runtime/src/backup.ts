import { mkdir, readdir, rename } from 'node:fs/promises';
import { restorePgliteBackup } from '@chatbuddy/adapters-postgres';
import { DomainError } from '@chatbuddy/core';
import type { ChatBuddyConfig } from './config.js';
import { lockDataFolder } from './data-folder-lock.js';
import { embeddedDatabaseDir } from './storage-selection.js';

/** A restore that cannot go ahead (409 `conflict`); the message says why and what to do. */
const refused = (message: string) =>
  new DomainError('conflict', message, { details: { reason: 'restore_refused' } });

async function isEmpty(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Restores an archive of `chatbuddy backup` into the configured data folder. Refuses while a
 * process (the server) holds the folder (`DataFolderLockedError`), in server mode, and when the
 * folder already holds a database unless `replace` is set; a replaced database is kept beside it
 * (`pglite.replaced-<time>`), never deleted. Returns where the old database went, if anywhere.
 */
export async function restoreEmbeddedBackup(
  config: Pick<ChatBuddyConfig, 'dataDir' | 'dbUrl'>,
  archive: Uint8Array,
  options: { replace?: boolean; now?: Date } = {},
): Promise<{ replacedTo: string | null }> {
  if (config.dbUrl) {
    throw refused('DB_URL is set: restore a PostgreSQL server with pg_restore (docs/operations.md)');
  }
  await mkdir(config.dataDir, { recursive: true });
  const lock = lockDataFolder(config.dataDir);
  try {
    const target = embeddedDatabaseDir(config);
    let replacedTo: string | null = null;
    if (!(await isEmpty(target))) {
      if (!options.replace) {
        throw refused(
          `${target} already holds a database; restore into an empty data folder, or pass --replace to keep the current one aside`,
        );
      }
      const stamp = (options.now ?? new Date()).toISOString().replaceAll(':', '-');
      replacedTo = `${target}.replaced-${stamp}`;
      await rename(target, replacedTo);
    }
    await restorePgliteBackup(target, archive);
    return { replacedTo };
  } finally {
    lock.release();
  }
}
