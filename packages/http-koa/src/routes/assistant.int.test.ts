import { createTestDatabase, openTestPersistence, type TestDatabase } from '@chatbuddy/runtime/testing';
import { describe, vi } from 'vitest';
import { leadFlowSuite } from '../testing/lead-flow.suite.js';

vi.setConfig({ testTimeout: 60_000 });

const serverUrl = process.env.DB_URL;

describe.skipIf(!serverUrl)('PostgreSQL server (DB_URL)', () => {
  leadFlowSuite('PostgreSQL', async () => {
    const database: TestDatabase = await createTestDatabase(serverUrl!);
    const persistence = await openTestPersistence({ dbUrl: database.url });
    return {
      ...persistence,
      close: async () => {
        try {
          await persistence.close();
        } finally {
          await database.drop();
        }
      },
    };
  });
});
