import { insightsContract } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from './postgres-persistence.js';
import { createTestDatabase, type TestDatabase } from './testing/test-database.js';

const serverUrl = process.env.DB_URL;

describe.skipIf(!serverUrl)('insights on a PostgreSQL server (DB_URL)', () => {
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

  insightsContract('PostgreSQL', async () => ({
    repositories: persistence.repositories,
    feedback: persistence.repositories.feedback,
    analytics: persistence.repositories.analytics,
    leads: persistence.repositories.leads,
    webhookDeliveries: persistence.repositories.webhookDeliveries,
  }));
});
