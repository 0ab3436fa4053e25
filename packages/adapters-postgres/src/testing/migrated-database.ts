import { afterAll, beforeAll } from 'vitest';
import {
  createPostgresPersistence,
  type MigrationReport,
  type PostgresPersistence,
} from '../postgres-persistence.js';
import type { PgliteThreadMode } from '../dialect/pglite-client.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** The persistence of a suite's throwaway database, set once the suite's `beforeAll` ran. */
export interface MigratedDatabase {
  persistence: PostgresPersistence;
  /** What the first migration applied to the empty database. */
  firstMigration: MigrationReport;
}

/**
 * Gives the enclosing `describe` a freshly created and migrated database on the server of
 * `serverUrl`, closed and dropped after the suite. Call it inside `describe`.
 */
export function useMigratedDatabase(
  serverUrl: string,
  options: { poolSize?: number } = {},
): MigratedDatabase {
  const suite = {} as MigratedDatabase;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl);
    suite.persistence = await createPostgresPersistence({ url: database.url, ...options });
    suite.firstMigration = await suite.persistence.migrate();
  });

  afterAll(async () => {
    await suite.persistence?.close();
    await database?.drop();
  });

  return suite;
}

/**
 * Gives the enclosing suite (a `describe`, or the file at top level) a migrated in-memory PGlite
 * database (in this thread, or with `thread: 'worker'` in a thread of its own), closed after the
 * suite.
 */
export function useMigratedPglite(options: { thread?: PgliteThreadMode } = {}): MigratedDatabase {
  const suite = {} as MigratedDatabase;

  beforeAll(async () => {
    suite.persistence = await createPostgresPersistence({ dataDir: 'memory', ...options });
    suite.firstMigration = await suite.persistence.migrate();
  }, 180_000);

  afterAll(async () => {
    await suite.persistence?.close();
  });

  return suite;
}
