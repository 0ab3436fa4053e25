import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { garbageRequestsSuite } from './testing/garbage-requests.suite.js';

garbageRequestsSuite('embedded default (PGlite + pgvector)', {
  enabled: true,
  numRuns: 120,
  prepare: async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-garbage-'));
    return { config: { dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  },
});
