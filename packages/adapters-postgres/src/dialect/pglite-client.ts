import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Dialect } from 'kysely';
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

/** Creates the database in `dataDir` from an archive made by `dumpDataDir`, then closes it. */
export async function restorePgliteArchive(dataDir: string, archive: Uint8Array): Promise<void> {
  const client = await PGlite.create(dataDir, {
    extensions: { vector },
    startParams: pgliteStartParams(),
    loadDataDir: new Blob([archive as Uint8Array<ArrayBuffer>]),
  });
  try {
    await client.query('select 1');
  } finally {
    await client.close();
  }
}
