import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import {
  createIndexingWorld,
  policy,
  projectA,
  projectB,
} from '../../indexing/__fixtures__/indexing-world.js';
import { InMemoryDocumentRepository } from '../../../testing/in-memory-document-repository.js';
import { uploadDocumentInput } from './upload-document.input.js';

afterEach(() => vi.restoreAllMocks());

/** Every status a document row is created or patched with, in order. */
function recordStatuses(): string[] {
  const statuses: string[] = [];
  const create = InMemoryDocumentRepository.prototype.create;
  const update = InMemoryDocumentRepository.prototype.update;
  vi.spyOn(InMemoryDocumentRepository.prototype, 'create').mockImplementation(function (this: any, document) {
    statuses.push(document.status);
    return create.call(this, document);
  });
  vi.spyOn(InMemoryDocumentRepository.prototype, 'update').mockImplementation(function (this: any, ...args) {
    if (args[2].status) statuses.push(args[2].status);
    return update.apply(this, args);
  });
  return statuses;
}

describe('UploadDocument', () => {
  it('stores the document already indexing, chunks, embeds in batches and indexes: indexing → ready', async () => {
    const world = await createIndexingWorld();
    const statuses = recordStatuses();
    const document = await world.upload.execute(projectA, { content: policy(), metadata: { lang: 'en' } });
    expect(statuses).toEqual(['indexing', 'ready']);
    expect(document).toMatchObject({
      status: 'ready',
      title: 'Policy A',
      version: 1,
      embeddingModel: 'fake:bow-64',
    });
    expect(document).not.toHaveProperty('content');
    const chunks = await world.ports.documents.listChunks(projectA, document.id);
    expect(chunks.length).toBe(document.chunkCount);
    expect(chunks.length).toBeGreaterThan(4);
    expect(new Set(chunks.map((chunk) => chunk.headingPath.join('/')))).toEqual(
      new Set(['Policy A/Refunds', 'Policy A/Shipping']),
    );
    expect(await world.ports.vectorStore.listChunkIds(projectA, document.id)).toEqual(
      chunks.map((c) => c.id).sort(),
    );
    expect(world.embedder.calls.map((call) => call.length)).toEqual(
      Array.from({ length: Math.ceil(chunks.length / 4) }, (_, index) =>
        Math.min(4, chunks.length - index * 4),
      ),
    );
    expect(world.embedder.calls[0]![0]).toMatch(/^Policy A › Refunds\n\n/);
    expect((await world.ports.projects.findById(projectA))!.embeddingModel).toBe('fake:bow-64');
  });

  it('takes the project its caller has just read instead of reading it again', async () => {
    const world = await createIndexingWorld();
    const project = (await world.ports.projects.findById(projectA))!;
    const reads = vi.spyOn(world.ports.projects, 'findById');
    const document = await world.upload.execute(project, { content: policy() });
    expect(document).toMatchObject({ status: 'ready', projectId: projectA });
    // (The swap transaction checks it again through its own repositories.)
    expect(reads).not.toHaveBeenCalled();
    await world.upload.execute(projectA, { content: policy('B') });
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('stores the document under its indexing lease: a repair meanwhile does not take it as abandoned', async () => {
    const world = await createIndexingWorld();
    const embed = world.embedder.embed.bind(world.embedder);
    const seenWhileEmbedding: string[][] = [];
    vi.spyOn(world.embedder, 'embed').mockImplementation(async (texts, options) => {
      // Any unleased unfinished document counts as abandoned by this cutoff; a leased one does not.
      const cutoff = { leaseExpiredBy: world.ports.clock.now(), unleasedSince: new Date('2999-01-01') };
      seenWhileEmbedding.push((await world.ports.documents.listAbandoned(cutoff, 10)).map((d) => d.status));
      return embed(texts, options);
    });
    const document = await world.upload.execute(projectA, { content: policy() });
    expect(document.status).toBe('ready');
    expect(seenWhileEmbedding.length).toBeGreaterThan(0);
    expect(seenWhileEmbedding.flat()).toEqual([]);
  });

  it('marks a new document failed when chunking fails (chunked while its row is written), and a retry indexes it', async () => {
    const world = await createIndexingWorld();
    const counter = world.ports.tokenCounter as { count: (text: string) => number };
    const spy = vi.spyOn(counter, 'count').mockImplementation(() => {
      throw new Error('tokeniser table missing at /srv/secret');
    });
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'internal_error', details: { status: 'failed' } });
    const stored = await world.get.execute(projectA, { documentId: error.details.documentId });
    expect(stored).toMatchObject({ status: 'failed', chunkCount: 0 });
    expect(stored.failureReason).not.toContain('/srv/secret');
    expect(await world.ports.documents.listChunks(projectA, stored.id)).toEqual([]);
    expect(await world.ports.vectorStore.listChunkIds(projectA, stored.id)).toEqual([]);
    spy.mockRestore();
    expect(await world.upload.execute(projectA, { content: policy() })).toMatchObject({
      id: stored.id,
      status: 'ready',
    });
  });

  it('refuses identical content (even re-saved with other line endings) naming the existing document', async () => {
    const world = await createIndexingWorld();
    const first = await world.upload.execute(projectA, { content: policy() });
    const error = await world.upload
      .execute(projectA, { content: `${policy().replaceAll('\n', '\r\n')}  \r\n` })
      .catch((caught: DomainError) => caught);
    expect(error).toMatchObject({
      code: 'duplicate_document',
      details: { documentId: first.id, status: 'ready' },
    });
    expect(await world.ports.documents.count(projectA)).toBe(1);
    expect((await world.upload.execute(projectB, { content: policy() })).status).toBe('ready');
  });

  it('marks the document failed with a safe reason and leaves no vectors when the embedder fails', async () => {
    const world = await createIndexingWorld();
    world.embedder.failWith = new DomainError(
      'provider_unavailable',
      'The embedding provider is unavailable',
      {
        retryable: true,
      },
    );
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      details: { status: 'failed' },
    });
    const stored = await world.get.execute(projectA, { documentId: error.details.documentId });
    expect(stored).toMatchObject({ status: 'failed', chunkCount: 0 });
    expect(stored.failureReason).toBe('provider_unavailable: The embedding provider is unavailable');
    expect(await world.ports.vectorStore.listChunkIds(projectA, stored.id)).toEqual([]);
    expect(await world.ports.documents.listChunks(projectA, stored.id)).toEqual([]);
    expect((await world.ports.projects.findById(projectA))!.embeddingModel).toBeNull();

    world.embedder.failWith = null;
    const retried = await world.upload.execute(projectA, { content: policy() });
    expect(retried).toMatchObject({ id: stored.id, status: 'ready' });
  });

  it('removes the vectors already written when the vector store fails midway, hiding raw errors', async () => {
    const world = await createIndexingWorld();
    world.flaky.failOnUpsert = 2;
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'internal_error', details: { status: 'failed' } });
    const stored = await world.get.execute(projectA, { documentId: error.details.documentId });
    expect(stored.failureReason).toBe('internal_error: unexpected failure while indexing');
    expect(stored.failureReason).not.toContain('10.0.0.7');
    expect(await world.ports.vectorStore.listChunkIds(projectA, stored.id)).toEqual([]);
    expect(await world.retrieve(projectA)).toEqual([]);
  });

  it('rejects malformed vectors from the embedder as a provider error', async () => {
    const world = await createIndexingWorld();
    vi.spyOn(world.embedder, 'embed').mockResolvedValue([[1, 2]]);
    const error = await world.upload.execute(projectA, { content: 'Short text.' }).catch((caught) => caught);
    expect(error.code).toBe('provider_error');
    expect((await world.get.execute(projectA, { documentId: error.details.documentId })).status).toBe(
      'failed',
    );
  });

  it('refuses a project whose vectors use another embedding model, storing nothing', async () => {
    const world = await createIndexingWorld();
    await world.ports.projects.update(
      projectA,
      { embeddingModel: 'openai:text-embedding-3-small' },
      new Date(),
    );
    await expect(world.upload.execute(projectA, { content: policy() })).rejects.toMatchObject({
      code: 'embedding_model_mismatch',
      details: { projectModel: 'openai:text-embedding-3-small', embedderModel: 'fake:bow-64' },
    });
    expect(await world.ports.documents.count(projectA)).toBe(0);
  });

  it('enforces the size limit and rejects empty content', async () => {
    const world = await createIndexingWorld();
    await expect(world.upload.execute(projectA, { content: 'é'.repeat(10_001) })).rejects.toMatchObject({
      code: 'payload_too_large',
      details: { sizeBytes: 20_002, maxBytes: 20_000 },
    });
    await expect(world.upload.execute(projectA, { content: ' \n\t ' })).rejects.toMatchObject({
      code: 'empty_document',
    });
    expect(uploadDocumentInput.safeParse({ content: '  ' }).success).toBe(false);
    expect(uploadDocumentInput.safeParse({ content: 'x', metadata: { tags: ['a'], n: 1 } }).success).toBe(
      true,
    );
    expect(await world.ports.documents.count(projectA)).toBe(0);
  });

  it('refuses metadata over the limits as invalid_input at metadata, storing nothing', async () => {
    const world = await createIndexingWorld();
    const tooMany = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`key${i}`, i]));
    for (const metadata of [tooMany, { ['k'.repeat(101)]: 1 }, { note: 'x'.repeat(16 * 1024) }]) {
      await expect(world.upload.execute(projectA, { content: policy(), metadata })).rejects.toMatchObject({
        code: 'invalid_input',
        details: { issues: [expect.objectContaining({ path: 'metadata' })] },
      });
    }
    expect(await world.ports.documents.count(projectA)).toBe(0);
    expect(world.embedder.calls).toEqual([]);
    const metadata = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`key${i}`, 'value']));
    expect(await world.upload.execute(projectA, { content: policy(), metadata })).toMatchObject({ metadata });
  });

  it('fails on an unknown project', async () => {
    const world = await createIndexingWorld();
    await expect(
      world.upload.execute('00000000-0000-4000-8000-00000000c001', { content: 'x' }),
    ).rejects.toMatchObject({ code: 'project_not_found' });
  });
});
