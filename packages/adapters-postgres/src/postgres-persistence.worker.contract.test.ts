import { vi } from 'vitest';
import { useMigratedPglite } from './testing/migrated-database.js';
import { pgliteContracts } from './testing/pglite-contracts.js';

vi.setConfig({ testTimeout: 30_000 });

/** The same contracts as on PGlite in this thread, with PGlite in a worker thread (decision 0029). */
pgliteContracts('PGlite in a worker thread', useMigratedPglite({ thread: 'worker' }));
