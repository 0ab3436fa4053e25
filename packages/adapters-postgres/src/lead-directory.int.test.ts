import { leadDirectoryContract } from '@chatbuddy/core/testing';
import { describe, vi } from 'vitest';
import { leadDirectorySubject } from './testing/lead-seeder.js';
import { useMigratedDatabase } from './testing/migrated-database.js';

vi.setConfig({ testTimeout: 60_000 });
const serverUrl = process.env.DB_URL;

describe.skipIf(!serverUrl)('lead directory on a PostgreSQL server (DB_URL)', () => {
  const database = useMigratedDatabase(serverUrl!);

  leadDirectoryContract('PostgreSQL', () => leadDirectorySubject(database.persistence), { numRuns: 15 });
});
