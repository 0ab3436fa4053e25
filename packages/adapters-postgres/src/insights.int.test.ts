import { insightsContract } from '@chatbuddy/core/testing';
import { describe } from 'vitest';
import { useMigratedDatabase } from './testing/migrated-database.js';

const serverUrl = process.env.DB_URL;

describe.skipIf(!serverUrl)('insights on a PostgreSQL server (DB_URL)', () => {
  const database = useMigratedDatabase(serverUrl!);

  insightsContract('PostgreSQL', async () => ({
    repositories: database.persistence.repositories,
    feedback: database.persistence.repositories.feedback,
    analytics: database.persistence.repositories.analytics,
    leads: database.persistence.repositories.leads,
    webhookDeliveries: database.persistence.repositories.webhookDeliveries,
  }));
});
