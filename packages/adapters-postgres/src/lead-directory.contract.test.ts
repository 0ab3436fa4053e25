import { leadDirectoryContract } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from './postgres-persistence.js';
import { leadDirectorySubject } from './testing/lead-seeder.js';

vi.setConfig({ testTimeout: 60_000 });

let persistence: PostgresPersistence;

beforeAll(async () => {
  persistence = await createPostgresPersistence({ dataDir: 'memory' });
  await persistence.migrate();
}, 180_000);

afterAll(async () => {
  await persistence?.close();
});

leadDirectoryContract('PGlite', () => leadDirectorySubject(persistence), { numRuns: 15 });
