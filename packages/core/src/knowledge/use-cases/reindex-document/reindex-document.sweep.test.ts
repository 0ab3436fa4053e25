import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import { DocumentIndexer } from '../../indexing/document-indexer.js';
import { DocumentIntake } from '../../indexing/document-intake.js';
import { makeProject } from '../../../testing/contracts/repository-fixtures.js';
import { createInMemoryPorts } from '../../../testing/in-memory-ports.js';
import { UploadDocument } from '../upload-document/upload-document.use-case.js';
import { ReindexDocument } from './reindex-document.use-case.js';

describe('ReindexDocument after a vector store outage', () => {
  it('removes the orphan vectors a failed run left behind', async () => {
    const ports = createInMemoryPorts();
    const now = ports.clock.now();
    const projectId = ports.ids.newId();
    await ports.projects.create(
      makeProject(ports.ids.newId(), { id: projectId, modelConfig: {}, createdAt: now, updatedAt: now }),
    );
    const indexer = new DocumentIndexer(
      ports.unitOfWork,
      ports.documents,
      ports.projects,
      ports.vectorStore,
      ports.models,
      ports.tokenCounter,
      ports.ids,
      ports.clock,
      ports.logger,
      { embedBatchSize: 2 },
    );
    const upload = new UploadDocument(
      new DocumentIntake(ports.documents, indexer, ports.ids, ports.clock, ports.contentHasher),
    );
    const content = Array.from(
      { length: 40 },
      (_, index) => `## Part ${index}\n\nFact number ${index} about the product.`,
    ).join('\n\n');
    // The store accepts the first batches, then goes down before the failed run can clean up.
    let upserts = 0;
    const original = ports.vectorStore.upsert.bind(ports.vectorStore);
    ports.vectorStore.upsert = async (project, chunks) => {
      upserts += 1;
      if (upserts > 2)
        ports.vectorStore.failWith = new DomainError('dependency_unavailable', 'down', { retryable: true });
      return original(project, chunks);
    };
    const failure = await upload.execute(projectId, { content }).catch((error: unknown) => error);
    expect((failure as DomainError).code).toBe('dependency_unavailable');
    ports.vectorStore.failWith = null;
    ports.vectorStore.upsert = original;
    const [document] = (await ports.documents.list(projectId, { limit: 5 })).items;
    expect(document!.status).toBe('failed');
    expect((await ports.vectorStore.listChunkIds(projectId, document!.id)).length).toBeGreaterThan(0);

    await new ReindexDocument(indexer).execute(projectId, { documentId: document!.id });
    const rows = await ports.documents.listChunks(projectId, document!.id);
    expect(new Set(await ports.vectorStore.listChunkIds(projectId, document!.id))).toEqual(
      new Set(rows.map((row) => row.id)),
    );
  });
});
