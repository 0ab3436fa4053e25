import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../shared/domain-error.js';
import { InMemoryDocumentRepository } from '../../testing/in-memory-document-repository.js';
import { parseMarkdownText } from '../chunking/markdown-sections.js';
import {
  createIndexingWorld,
  lastGoodIndex,
  policy,
  projectA,
  type IndexingWorld,
} from './__fixtures__/indexing-world.js';

afterEach(() => vi.restoreAllMocks());

/** Checks that a failed upload left its document `failed`, without chunk rows or vectors. */
async function expectNothingLeft(world: IndexingWorld, documentId: string): Promise<void> {
  expect((await world.get.execute(projectA, { documentId })).status).toBe('failed');
  expect(await world.ports.documents.listChunks(projectA, documentId)).toEqual([]);
  expect(await world.ports.vectorStore.listChunkIds(projectA, documentId)).toEqual([]);
  expect(await world.retrieve(projectA)).toEqual([]);
}

function deferred() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** A world whose vector store writes in the unit of work's transactions, as pgvector does. */
async function transactionalWorld(embedBatchSize: number) {
  const world = await createIndexingWorld({ embedBatchSize });
  world.flaky.transactional = true;
  world.flaky.independent = false;
  return world;
}

/** A world whose upserts wait for `gate.open()`, with every chunk-row swap recorded. */
async function gatedWorld(independent: boolean, embedBatchSize = 64) {
  const world = await createIndexingWorld({ embedBatchSize });
  const gate = deferred();
  world.flaky.gate = gate.promise;
  world.flaky.independent = independent;
  const replaceChunks = vi.spyOn(InMemoryDocumentRepository.prototype, 'replaceChunks');
  return { world, gate, replaceChunks };
}

describe('DocumentIndexer beside a vector store independent of the unit of work', () => {
  it('writes the chunk rows while the vectors are written, and commits only after them', async () => {
    const { world, gate, replaceChunks } = await gatedWorld(true);
    const upload = world.upload.execute(projectA, { content: policy() });
    await vi.waitFor(() => expect(replaceChunks).toHaveBeenCalled());
    const documentId = replaceChunks.mock.calls[0]![1];
    // The rows are written; the transaction waits for the last vectors before it commits.
    let finished = false;
    upload.then(
      () => (finished = true),
      () => (finished = true),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(false);
    expect(await world.ports.vectorStore.listChunkIds(projectA, documentId)).toEqual([]);
    gate.open();
    expect(await upload).toMatchObject({ status: 'ready' });
    expect((await world.retrieve(projectA)).length).toBeGreaterThan(0);
  });

  it('rolls the swap back when the last vectors fail, leaving `failed` and no orphans', async () => {
    const { world, gate } = await gatedWorld(true);
    world.flaky.failOnUpsert = 1;
    const upload = world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    gate.open();
    const error = await upload;
    await expectNothingLeft(world, error.details.documentId);
  });

  it('keeps serving the last good index when a reindex fails in its last vectors', async () => {
    const world = await createIndexingWorld({ embedBatchSize: 64 });
    const { original, answering, vectorIds } = await lastGoodIndex(world);
    world.flaky.failOnUpsert = world.flaky.upserts + 1;
    await expect(world.reindex.execute(projectA, { documentId: original.id })).rejects.toMatchObject({
      code: 'internal_error',
    });
    expect(await world.get.execute(projectA, { documentId: original.id })).toMatchObject({
      status: 'failed',
      chunkCount: original.chunkCount,
    });
    expect(await world.retrieve(projectA)).toEqual(answering);
    expect(await world.ports.vectorStore.listChunkIds(projectA, original.id)).toEqual(vectorIds);
  });

  it('waits for a vector write still under way before cleaning up after a database failure', async () => {
    const { world, gate, replaceChunks } = await gatedWorld(true);
    replaceChunks.mockImplementationOnce(async () => {
      // The vectors land a little after the transaction has failed.
      setTimeout(gate.open, 20);
      throw new Error('database gone');
    });
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    const documentId = error.details.documentId;
    expect((await world.get.execute(projectA, { documentId })).status).toBe('failed');
    expect(await world.ports.vectorStore.listChunkIds(projectA, documentId)).toEqual([]);
  });
});

describe('DocumentIndexer beside a vector store in the unit of work database', () => {
  it('stores every vector before the swap transaction begins', async () => {
    const { world, gate, replaceChunks } = await gatedWorld(false);
    const upload = world.upload.execute(projectA, { content: policy() });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(replaceChunks).not.toHaveBeenCalled();
    gate.open();
    expect(await upload).toMatchObject({ status: 'ready' });
    expect(replaceChunks).toHaveBeenCalledTimes(1);
  });
});

describe('DocumentIndexer beside a vector store that writes in the unit of work transaction', () => {
  it('embeds while the chunk rows are written and writes the vectors in the swap', async () => {
    const world = await transactionalWorld(4);
    const events: string[] = [];
    const replace = InMemoryDocumentRepository.prototype.replaceChunks;
    vi.spyOn(InMemoryDocumentRepository.prototype, 'replaceChunks').mockImplementation(async function (
      this: InMemoryDocumentRepository,
      ...args
    ) {
      events.push('rows sent');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const ready = await replace.apply(this, args);
      events.push('rows written');
      return ready;
    });
    const embed = world.embedder.embed.bind(world.embedder);
    vi.spyOn(world.embedder, 'embed').mockImplementation(async (texts, options) => {
      events.push('embed');
      return embed(texts, options);
    });
    const document = await world.upload.execute(projectA, { content: policy() });
    expect(document).toMatchObject({ status: 'ready' });
    // Every slice is embedded while the rows are being written, all in the swap transaction.
    expect(events[0]).toBe('rows sent');
    expect(events.at(-1)).toBe('rows written');
    expect(events.filter((event) => event === 'embed').length).toBeGreaterThan(1);
    expect(world.flaky.directUpserts).toBe(0);
    // Embedded before the rows were written, the vectors wait for them and go in one write.
    expect(world.flaky.transactionalUpserts.length).toBe(1);
    expect(await world.ports.vectorStore.listChunkIds(projectA, document.id)).toHaveLength(
      document.chunkCount,
    );
    expect((await world.retrieve(projectA)).length).toBeGreaterThan(0);
  });

  it('once the rows are written, writes each batch of vectors while the next is embedded', async () => {
    const world = await transactionalWorld(4);
    const document = await world.upload.execute(projectA, { content: policy() });
    expect(document.chunkCount).toBeGreaterThan(4);
    expect(world.flaky.directUpserts).toBe(0);
    expect(world.flaky.transactionalUpserts.length).toBe(Math.ceil(document.chunkCount / 4));
    expect(new Set(world.flaky.transactionalUpserts).size).toBe(1);
    expect(await world.ports.vectorStore.listChunkIds(projectA, document.id)).toHaveLength(
      document.chunkCount,
    );
  });

  it('takes the vectors back with the rows when a vector write fails, leaving `failed`', async () => {
    const world = await transactionalWorld(4);
    world.flaky.failOnUpsert = 2;
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    expect(world.flaky.upserts).toBe(2);
    await expectNothingLeft(world, error.details.documentId);
  });

  it('leaves nothing behind when the rows fail while it embeds', async () => {
    const world = await transactionalWorld(4);
    vi.spyOn(InMemoryDocumentRepository.prototype, 'replaceChunks').mockImplementationOnce(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('database gone');
    });
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    const documentId = error.details.documentId;
    expect((await world.get.execute(projectA, { documentId })).status).toBe('failed');
    expect(world.flaky.upserts).toBe(0);
    expect(await world.ports.vectorStore.listChunkIds(projectA, documentId)).toEqual([]);
  });

  it('keeps the last good index when a reindex fails in its vectors', async () => {
    const world = await transactionalWorld(64);
    const { original, answering, vectorIds } = await lastGoodIndex(world);
    world.flaky.failOnUpsert = world.flaky.upserts + 1;
    await expect(world.reindex.execute(projectA, { documentId: original.id })).rejects.toMatchObject({
      code: 'internal_error',
    });
    expect(await world.retrieve(projectA)).toEqual(answering);
    expect(await world.ports.vectorStore.listChunkIds(projectA, original.id)).toEqual(vectorIds);
    // A reindex that succeeds replaces the vectors: the old ones go after the swap.
    const reindexed = await world.reindex.execute(projectA, { documentId: original.id });
    const current = await world.ports.vectorStore.listChunkIds(projectA, original.id);
    expect(current).toHaveLength(reindexed.chunkCount);
    expect(current.some((id) => vectorIds.includes(id))).toBe(false);
  });

  it('begins the swap of a small document while it is chunked, and of a long one once chunked', async () => {
    const world = await transactionalWorld(4);
    const events: string[] = [];
    const count = world.ports.tokenCounter.count.bind(world.ports.tokenCounter);
    vi.spyOn(world.ports.tokenCounter, 'count').mockImplementation((text) => {
      events.push('count');
      return count(text);
    });
    const run = world.ports.unitOfWork.run.bind(world.ports.unitOfWork);
    vi.spyOn(world.ports.unitOfWork, 'run').mockImplementation((work) => {
      events.push('swap');
      return run(work);
    });
    const small = await world.upload.execute(projectA, { content: policy() });
    expect(small).toMatchObject({ status: 'ready' });
    expect(events.filter((event) => event === 'swap')).toHaveLength(1);
    expect(events.lastIndexOf('count')).toBeGreaterThan(events.indexOf('swap'));
    expect(await world.ports.documents.listChunks(projectA, small.id)).toHaveLength(small.chunkCount);

    events.length = 0;
    const long = Array.from(
      { length: 12 },
      (_, index) => `## Part ${index}\n\n${'Long policy text. '.repeat(400)}`,
    ).join('\n\n');
    expect(long.length).toBeGreaterThan(64 * 1024);
    const stored = await world.intake.ingest(
      projectA,
      {
        content: long,
        structure: parseMarkdownText(long),
        mimeType: 'text/markdown',
        filename: null,
        metadata: {},
      },
      long.length,
    );
    expect(stored).toMatchObject({ status: 'ready' });
    expect(events.filter((event) => event === 'swap')).toHaveLength(1);
    expect(events.lastIndexOf('count')).toBeLessThan(events.indexOf('swap'));
  });

  it('keeps the last good index when chunking fails part-way through a reindex, and leaves nothing of a new upload', async () => {
    const world = await transactionalWorld(4);
    const { original, answering, vectorIds } = await lastGoodIndex(world);
    const count = world.ports.tokenCounter.count.bind(world.ports.tokenCounter);
    vi.spyOn(world.ports.tokenCounter, 'count').mockImplementation((text) => {
      if (text.includes('Shipping rule')) throw new Error('tokenizer failed');
      return count(text);
    });
    const upserts = world.flaky.upserts;
    const error = await world.reindex
      .execute(projectA, { documentId: original.id })
      .catch((caught) => caught);
    expect(error).toMatchObject({ code: 'internal_error' });
    expect(await world.get.execute(projectA, { documentId: original.id })).toMatchObject({
      status: 'failed',
      chunkCount: original.chunkCount,
    });
    expect(await world.retrieve(projectA)).toEqual(answering);
    expect(await world.ports.vectorStore.listChunkIds(projectA, original.id)).toEqual(vectorIds);
    expect(world.flaky.upserts).toBe(upserts);
    const failed = await world.upload.execute(projectA, { content: policy('B') }).catch((caught) => caught);
    const documentId = failed.details.documentId;
    expect(await world.get.execute(projectA, { documentId })).toMatchObject({ status: 'failed' });
    expect(await world.ports.documents.listChunks(projectA, documentId)).toEqual([]);
    expect(await world.ports.vectorStore.listChunkIds(projectA, documentId)).toEqual([]);
  });

  it('stores a new small document in the transaction that indexes it: ready, or not there at all', async () => {
    const world = await transactionalWorld(4);
    const outside = vi.spyOn(world.ports.documents, 'create');
    const findById = vi.spyOn(InMemoryDocumentRepository.prototype, 'findById');
    const run = vi.spyOn(world.ports.unitOfWork, 'run');
    const document = await world.upload.execute(projectA, { content: policy() });
    expect(document).toMatchObject({ status: 'ready', version: 1 });
    expect(run).toHaveBeenCalledTimes(1);
    // The row is written by the transaction, and not read back before the swap's writes.
    expect(outside).not.toHaveBeenCalled();
    expect(findById).not.toHaveBeenCalled();
    expect(await world.ports.documents.listChunks(projectA, document.id)).toHaveLength(document.chunkCount);
    expect(await world.ports.vectorStore.listChunkIds(projectA, document.id)).toHaveLength(
      document.chunkCount,
    );
  });

  it('stores a failed new document when its transaction fails, and the same content again retries it', async () => {
    const world = await transactionalWorld(4);
    world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'provider_unavailable', details: { status: 'failed' } });
    const documentId = error.details.documentId;
    expect(await world.get.execute(projectA, { documentId })).toMatchObject({
      status: 'failed',
      failureReason: 'provider_unavailable: down',
      chunkCount: 0,
      version: 0,
    });
    await expectNothingLeft(world, documentId);
    world.embedder.failWith = null;
    const retried = await world.upload.execute(projectA, { content: policy() });
    expect(retried).toMatchObject({ id: documentId, status: 'ready' });
  });

  it('leaves nothing of a new document when its failure cannot be recorded either', async () => {
    const world = await transactionalWorld(4);
    world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    vi.spyOn(world.ports.documents, 'create').mockRejectedValue(new Error('database gone'));
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'provider_unavailable' });
    expect(world.ports.logger.matching('a failed upload could not be recorded')).toHaveLength(1);
    expect((await world.ports.documents.list(projectA, { limit: 100 })).items).toEqual([]);
    expect(await world.ports.vectorStore.listChunkIds(projectA, error.details.documentId)).toEqual([]);
  });

  it('refuses identical content before it chunks, and leaves the first document as it was', async () => {
    const world = await transactionalWorld(4);
    const first = await world.upload.execute(projectA, { content: policy() });
    const count = vi.spyOn(world.ports.tokenCounter, 'count');
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'duplicate_document', details: { documentId: first.id } });
    expect(count).not.toHaveBeenCalled();
    expect((await world.ports.documents.list(projectA, { limit: 100 })).items).toEqual([
      expect.objectContaining({ id: first.id, status: 'ready' }),
    ]);
  });

  it('embeds before the transaction when the embedder is reached over the network', async () => {
    const world = await transactionalWorld(4);
    world.embedder.inProcess = false;
    const replaceChunks = vi.spyOn(InMemoryDocumentRepository.prototype, 'replaceChunks');
    const document = await world.upload.execute(projectA, { content: policy() });
    expect(document).toMatchObject({ status: 'ready' });
    expect(replaceChunks).toHaveBeenCalledTimes(1);
    expect(world.flaky.transactionalUpserts).toEqual([]);
    expect(world.flaky.directUpserts).toBe(Math.ceil(document.chunkCount / 4));
  });
});

describe('embedAndStore', () => {
  it('embeds the next batch while the previous one is being written', async () => {
    const { world, gate } = await gatedWorld(false, 4);
    const upload = world.upload.execute(projectA, { content: policy() });
    await vi.waitFor(() => expect(world.embedder.calls.length).toBe(2));
    expect(world.flaky.upserts).toBe(1);
    gate.open();
    const document = await upload;
    expect(world.flaky.upserts).toBe(Math.ceil(document.chunkCount / 4));
  });
});

describe('DocumentIndexer when its document is deleted mid-run', () => {
  it('stops writing vectors once a lease renewal finds the document gone (its project deleted)', async () => {
    const world = await createIndexingWorld({
      embedBatchSize: 2,
      lease: { leaseMs: 60_000, renewEveryMs: 5 },
    });
    world.flaky.independent = true;
    const document = await world.upload.execute(projectA, { content: policy() });
    expect(document.chunkCount).toBeGreaterThan(4);
    const gate = deferred();
    world.flaky.gate = gate.promise;
    world.flaky.upserts = 0;
    const reindex = world.reindex.execute(projectA, { documentId: document.id });
    reindex.catch(() => undefined);
    await vi.waitFor(() => expect(world.flaky.upserts).toBe(1));
    // The project is deleted while the first batch is being written.
    expect(await world.ports.projects.delete(projectA)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    gate.open();
    await expect(reindex).rejects.toMatchObject({ code: 'conflict' });
    // Without the lease's signal every remaining batch would have been sent to the store.
    expect(world.flaky.upserts).toBe(1);
  });
});
