import { leadRepositoryContract, seedProject } from '@chatbuddy/core/testing';
import { describe } from 'vitest';
import { useMigratedDatabase } from './testing/migrated-database.js';

const serverUrl = process.env.DB_URL;

describe.skipIf(!serverUrl)('LeadRepository on a PostgreSQL server (DB_URL)', () => {
  const database = useMigratedDatabase(serverUrl!, { poolSize: 20 });

  leadRepositoryContract(
    'KyselyLeadRepository on PostgreSQL',
    () => ({
      leads: database.persistence.repositories.leads,
      seedProject: () => seedProject(database.persistence.repositories),
    }),
    100,
  );
});
