import { leadRepositoryContract, seedProject } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from './postgres-persistence.js';

vi.setConfig({ testTimeout: 30_000 });

let persistence: PostgresPersistence;

beforeAll(async () => {
  persistence = await createPostgresPersistence({ dataDir: 'memory' });
  await persistence.migrate();
}, 180_000);

afterAll(async () => {
  await persistence?.close();
});

leadRepositoryContract(
  'KyselyLeadRepository on PGlite',
  () => ({ leads: persistence.repositories.leads, seedProject: () => seedProject(persistence.repositories) }),
  20,
);
