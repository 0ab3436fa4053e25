import { readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { restorePgliteBackup } from '@chatbuddy/adapters-postgres';
import { DomainError } from '@chatbuddy/core';
import type { ChatBuddyConfig } from './config.js';
import { createDataFolder } from './data-folder.js';
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
 * folder already holds a database unless `replace` is set. The archive is restored beside the
 * live database first and opened there; only a database that opens takes the live one's place,
 * by renames on one file system. A replaced database is kept beside it (`pglite.replaced-<time>`),
 * never deleted, and put back if the swap fails. Returns where the old database went, if anywhere.
 * @throws DomainError `invalid_input` (details.reason `invalid_archive`) for an unusable archive,
 * with the live database untouched.
 */
export async function restoreEmbeddedBackup(
  config: Pick<ChatBuddyConfig, 'dataDir' | 'dbUrl'>,
  archive: Uint8Array,
  options: { replace?: boolean; now?: Date } = {},
): Promise<{ replacedTo: string | null }> {
  if (config.dbUrl) {
    throw refused('DB_URL is set: restore a PostgreSQL server with pg_restore (docs/operations.md)');
  }
  await createDataFolder(config.dataDir);
  const lock = lockDataFolder(config.dataDir);
  try {
    const target = embeddedDatabaseDir(config);
    const occupied = !(await isEmpty(target));
    if (occupied && !options.replace) {
      throw refused(
        `${target} already holds a database; restore into an empty data folder, or pass --replace to keep the current one aside`,
      );
    }
    // A restore that was killed part-way leaves its folder behind; it never held live data.
    for (const name of await readdir(config.dataDir)) {
      if (name.startsWith(`${basename(target)}.restoring-`)) {
        await rm(join(config.dataDir, name), { recursive: true, force: true });
      }
    }
    const stamp = (options.now ?? new Date()).toISOString().replaceAll(':', '-');
    const staging = `${target}.restoring-${stamp}`;
    try {
      await restorePgliteBackup(staging, archive);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    const replacedTo = occupied ? `${target}.replaced-${stamp}` : null;
    await swapIn(staging, target, replacedTo);
    return { replacedTo };
  } finally {
    lock.release();
  }
}

/**
 * Moves the restored database (`staging`) to `target`, the live one first to `replacedTo` when
 * there is one. If the second rename fails the live database goes back where it was.
 */
export async function swapIn(staging: string, target: string, replacedTo: string | null): Promise<void> {
  if (replacedTo) await rename(target, replacedTo);
  else await rm(target, { recursive: true, force: true }); // an empty folder, or none
  try {
    await rename(staging, target);
  } catch (error) {
    if (replacedTo) await rename(replacedTo, target);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
