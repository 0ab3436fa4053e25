import { it } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';
import { createTestDatabase } from './test-database.js';

/**
 * Two tests of `check`, each on a fresh database that no migration has touched: `<what> on
 * PGlite`, and `<what> on a PostgreSQL server (DB_URL)` in a throwaway database of that server
 * (skipped without `DB_URL`). For migrations that must hold on both.
 */
export function itOnEachDatabase(
  what: string,
  check: (persistence: PostgresPersistence) => Promise<void>,
): void {
  it(`${what} on PGlite`, async () => {
    const persistence = await createPostgresPersistence({ dataDir: 'memory' });
    try {
      await check(persistence);
    } finally {
      await persistence.close();
    }
  });

  it.skipIf(!process.env.DB_URL)(`${what} on a PostgreSQL server (DB_URL)`, async () => {
    const database = await createTestDatabase(process.env.DB_URL!);
    const persistence = await createPostgresPersistence({ url: database.url });
    try {
      await check(persistence);
    } finally {
      await persistence.close();
      await database.drop();
    }
  });
}
