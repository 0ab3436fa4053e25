import { lexicalIndexContract, vectorStoreContract } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';
import {
  prepareVectorProject,
  repositorySubject,
  vectorStoreWithChunkRows,
} from '../testing/persistence-subject.js';

vi.setConfig({ testTimeout: 30_000 });

// The port contracts, answered from the in-process mirror (loads wait instead of falling back to SQL).
let persistence: PostgresPersistence;

beforeAll(async () => {
  persistence = await createPostgresPersistence({ dataDir: 'memory', searchMirror: { blockingLoad: true } });
  await persistence.migrate();
}, 180_000);

afterAll(async () => {
  await persistence?.close();
});

lexicalIndexContract('MirroredLexicalIndex on PGlite', async () => repositorySubject(persistence));

vectorStoreContract('MirroredVectorStore on PGlite', {
  makeSubject: () => vectorStoreWithChunkRows(persistence),
  prepareProject: (projectId, documentIds) => prepareVectorProject(persistence, projectId, documentIds),
  dimensions: 8,
  numRuns: 15,
  unitOfWork: () => persistence.unitOfWork,
});
