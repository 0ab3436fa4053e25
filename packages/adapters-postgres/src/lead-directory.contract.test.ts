import { leadDirectoryContract } from '@chatbuddy/core/testing';
import { vi } from 'vitest';
import { useMigratedPglite } from './testing/migrated-database.js';
import { leadDirectorySubject } from './testing/lead-seeder.js';

vi.setConfig({ testTimeout: 60_000 });

const database = useMigratedPglite();

leadDirectoryContract('PGlite', () => leadDirectorySubject(database.persistence), { numRuns: 15 });
