import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throwaway database on a PostgreSQL server, for one test file. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `chatbuddy_test_<random>` on the server of `serverUrl`; `drop()` removes it. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `chatbuddy_test_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/**
 * Ends every session on `databaseName` but this one (`pg_terminate_backend`), as an operator or
 * a failover would; resolves with how many were ended.
 */
export async function terminateSessions(serverUrl: string, databaseName: string): Promise<number> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const result = await client.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [databaseName],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}
