import { leadDirectoryContract } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, describe, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from './postgres-persistence.js';
import { leadDirectorySubject } from './testing/lead-seeder.js';
import { createTestDatabase, type TestDatabase } from './testing/test-database.js';

vi.setConfig({ testTimeout: 60_000 });
const serverUrl = process.env.DB_URL;

describe.skipIf(!serverUrl)('lead directory on a PostgreSQL server (DB_URL)', () => {
  let database: TestDatabase;
  let persistence: PostgresPersistence;

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl!);
    persistence = await createPostgresPersistence({ url: database.url });
    await persistence.migrate();
  });

  afterAll(async () => {
    await persistence?.close();
    await database?.drop();
  });

  leadDirectoryContract('PostgreSQL', () => leadDirectorySubject(persistence), { numRuns: 15 });
});
