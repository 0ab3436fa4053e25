import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { isDomainError } from '@chatbuddy/core';
import type { Dialect } from 'kysely';
import { notABackup, unpackPgliteArchive } from './pglite-archive.js';
import { defaultStatementCacheSize, PGliteDialect } from './pglite-dialect.js';
import { pgliteStartParams } from './pglite-settings.js';

/** Where the embedded database runs: in this thread, or in a worker thread of its own. */
export type PgliteThreadMode = 'main' | 'worker';

/** An open embedded database: its dialect, an archive of its folder, and how to close it. */
export interface OpenPglite {
  dialect: Dialect;
  /** A gzip'd tar archive of the data folder (hold the connection and checkpoint first). */
  dump: () => Promise<Uint8Array>;
  /** Compacts the heap of the database's own thread; absent when it runs in the caller's. */
  compactHeap?: () => Promise<boolean>;
  close: () => Promise<void>;
}

/**
 * Opening PGlite with pgvector and Chat Buddy's settings. `createPostgresPersistence` imports this
 * module only for the embedded database, so a server-mode process never loads PGlite's code.
 * With `thread: 'worker'` PGlite runs in a worker thread (decision 0029) and this thread never
 * loads it.
 */
export async function openPglite(dataDir: string, thread: PgliteThreadMode = 'main'): Promise<OpenPglite> {
  if (thread === 'worker') {
    const { PgliteThread, PgliteThreadDialect } = await import('./pglite-thread.js');
    const opened = await PgliteThread.open({
      dataDir,
      startParams: pgliteStartParams(),
      statementCacheSize: defaultStatementCacheSize,
    });
    return {
      dialect: new PgliteThreadDialect(opened),
      dump: () => opened.dump(),
      compactHeap: () => opened.compactHeap(),
      close: () => opened.close(),
    };
  }
  const client = await PGlite.create(dataDir === 'memory' ? undefined : dataDir, {
    extensions: { vector },
    startParams: pgliteStartParams(),
  });
  return {
    dialect: new PGliteDialect(client),
    dump: async () => new Uint8Array(await (await client.dumpDataDir('gzip')).arrayBuffer()),
    close: () => client.close(),
  };
}

/**
 * Creates the database in `dataDir` from an archive made by `dumpDataDir`, checks that it opens
 * and holds Chat Buddy's tables, then closes it. The archive is checked whole first
 * (`unpackPgliteArchive`), and PGlite is given the checked tar, never the gzip'd bytes.
 * @throws DomainError `invalid_input` (details.reason `invalid_archive`) when it is not usable
 */
export async function restorePgliteArchive(dataDir: string, archive: Uint8Array): Promise<void> {
  const tar = unpackPgliteArchive(archive);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, {
      extensions: { vector },
      startParams: pgliteStartParams(),
      loadDataDir: new Blob([tar as Uint8Array<ArrayBuffer>]),
    });
  } catch (error) {
    throw notABackup(`the database in it does not open (${describe(error)})`);
  }
  try {
    const { rows } = await client.query<{ present: boolean }>(
      "select to_regclass('kysely_migration') is not null as present",
    );
    if (!rows[0]?.present) throw notABackup('it holds no Chat Buddy database (no migrations applied)');
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw notABackup(`the database in it cannot be read (${describe(error)})`);
  } finally {
    await client.close().catch(() => {});
  }
}

const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)) || 'unknown error';
