import { leadRepositoryContract, seedProject } from '@chatbuddy/core/testing';
import { vi } from 'vitest';
import { useMigratedPglite } from './testing/migrated-database.js';

vi.setConfig({ testTimeout: 30_000 });

const database = useMigratedPglite();

leadRepositoryContract(
  'KyselyLeadRepository on PGlite',
  () => ({
    leads: database.persistence.repositories.leads,
    seedProject: () => seedProject(database.persistence.repositories),
  }),
  20,
);
