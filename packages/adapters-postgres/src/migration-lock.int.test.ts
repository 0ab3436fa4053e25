import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import { createPostgresPersistence, type PostgresPersistence } from './postgres-persistence.js';
import { createTestDatabase, type TestDatabase } from './testing/test-database.js';

const serverUrl = process.env.DB_URL;
const opened: PostgresPersistence[] = [];
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const persistence of opened) await persistence.close();
  for (const database of databases) await database.drop();
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase(serverUrl!);
  databases.push(database);
  return database;
}

describe.skipIf(!serverUrl)('migrations when several instances start at once', () => {
  it('apply every migration exactly once while both migrators succeed', async () => {
    const database = await freshDatabase();
    const instances = await Promise.all(
      [0, 1, 2].map(() => createPostgresPersistence({ url: database.url, poolSize: 2 })),
    );
    opened.push(...instances);
    const reports = await Promise.all(instances.map((instance) => instance.migrate()));

    const applied = reports.flatMap((report) => report.applied);
    expect(applied.toSorted()).toEqual(Object.keys(migrations).toSorted());
    // One instance applied everything; the others waited and found nothing left.
    expect(reports.map((report) => report.applied.length).toSorted((a, b) => a - b)).toEqual([
      0,
      0,
      Object.keys(migrations).length,
    ]);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = await client.query(
        'select name, count(*)::int as times from kysely_migration group by name',
      );
      expect(rows.rows.every((row) => row.times === 1)).toBe(true);
      expect(rows.rows).toHaveLength(Object.keys(migrations).length);
    } finally {
      await client.end();
    }
  });

  it('waits for the migration lock another instance holds, then migrates', async () => {
    const database = await freshDatabase();
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query(`select pg_advisory_lock(x'6368617462756464'::bigint)`);
      const instance = await createPostgresPersistence({ url: database.url, poolSize: 2 });
      opened.push(instance);
      let finished = false;
      const migrating = instance.migrate().finally(() => {
        finished = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(finished).toBe(false);
      await holder.query(`select pg_advisory_unlock(x'6368617462756464'::bigint)`);
      expect((await migrating).applied).toHaveLength(Object.keys(migrations).length);
    } finally {
      await holder.end();
    }
  });
});
