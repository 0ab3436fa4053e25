import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Dialect } from 'kysely';
import { PGliteDialect } from './pglite-dialect.js';
import { pgliteStartParams } from './pglite-settings.js';

/**
 * Opening PGlite with pgvector and Chat Buddy's settings. `createPostgresPersistence` imports this
 * module only for the embedded database, so a server-mode process never loads PGlite's code.
 */
export async function openPglite(
  dataDir: string,
): Promise<{ client: PGlite; dialect: Dialect; close: () => Promise<void> }> {
  const client = await PGlite.create(dataDir === 'memory' ? undefined : dataDir, {
    extensions: { vector },
    startParams: pgliteStartParams(),
  });
  return { client, dialect: new PGliteDialect(client), close: () => client.close() };
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
