import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../shared/domain-error.js';
import { FakeTokenCounter } from '../../testing/fake-token-counter.js';
import { createIndexingWorld, policy, projectA } from './__fixtures__/indexing-world.js';
import { DocumentIndexer } from './document-indexer.js';
import { storedStructure } from './document-structure.js';
import { embeddingText } from './embed-chunks.js';

afterEach(() => vi.restoreAllMocks());

describe('DocumentIndexer', () => {
  it('embeds 64 texts per call by default', async () => {
    const world = await createIndexingWorld({ embedBatchSize: 64 });
    const content = Array.from(
      { length: 130 },
      (_, index) => `## Fact ${index}\n\nFact ${index} is true.`,
    ).join('\n\n');
    const document = await world.upload.execute(projectA, { content });
    expect(document.chunkCount).toBe(130);
    expect(world.embedder.calls.map((call) => call.length)).toEqual([64, 64, 2]);
  });

  it('stays `indexing` when the database fails too, and still reports the first error', async () => {
    const world = await createIndexingWorld();
    world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    const run = world.ports.unitOfWork.run.bind(world.ports.unitOfWork);
    vi.spyOn(world.ports.unitOfWork, 'run').mockImplementation(() =>
      Promise.reject(new Error('database gone')),
    );
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    expect(error.code).toBe('provider_unavailable');
    expect((await world.get.execute(projectA, { documentId: error.details.documentId })).status).toBe(
      'indexing',
    );
    vi.mocked(world.ports.unitOfWork.run).mockImplementation(run);
    world.embedder.failWith = null;
    world.ports.clock.advance(120_000);
    expect(await world.repair.execute({ limit: 10, everyUnfinished: false, reindex: true })).toMatchObject([
      { status: 'ready', previousStatus: 'indexing' },
    ]);
  });

  it('fails cleanly when the vector store is down; orphans it cannot remove never answer', async () => {
    const world = await createIndexingWorld();
    world.flaky.failOnUpsert = 1;
    world.ports.vectorStore.failWith = null;
    const deleteChunks = vi.spyOn(world.vectors, 'deleteChunks').mockRejectedValue(new Error('still down'));
    const error = await world.upload.execute(projectA, { content: policy() }).catch((caught) => caught);
    expect(deleteChunks).toHaveBeenCalled();
    const documentId = error.details.documentId;
    expect((await world.get.execute(projectA, { documentId })).status).toBe('failed');
    expect((await world.ports.vectorStore.listChunkIds(projectA, documentId)).length).toBe(1);
    expect(await world.retrieve(projectA)).toEqual([]);
  });

  it('discards its work when the document is deleted while it runs', async () => {
    const world = await createIndexingWorld();
    const document = await world.upload.execute(projectA, { content: policy() });
    const embed = world.embedder.embed.bind(world.embedder);
    let deleted = false;
    vi.spyOn(world.embedder, 'embed').mockImplementation(async (texts, options) => {
      if (!deleted) {
        deleted = true;
        await world.remove.execute(projectA, { documentId: document.id });
      }
      return embed(texts, options);
    });
    await expect(world.reindex.execute(projectA, { documentId: document.id })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await world.ports.vectorStore.listChunkIds(projectA, document.id)).toEqual([]);
  });

  it('answers document_not_found for an unknown document', async () => {
    const world = await createIndexingWorld();
    await expect(world.indexer.index(projectA, '00000000-0000-4000-8000-0000000000ff')).rejects.toMatchObject(
      {
        code: 'document_not_found',
      },
    );
    expect(world.indexer).toBeInstanceOf(DocumentIndexer);
  });
});

describe('embeddingText', () => {
  it('prefixes title and heading path once, case-insensitively deduplicated', () => {
    expect(embeddingText('Policy', { headingPath: ['policy', 'Refunds'], text: 'Within 30 days.' })).toBe(
      'Policy › Refunds\n\nWithin 30 days.',
    );
    expect(embeddingText(' ', { headingPath: [], text: 'Bare.' })).toBe('Bare.');
  });
});

describe('storedStructure', () => {
  it('falls back to Markdown headings for text and to one section for other types', async () => {
    const base = { title: 'T', content: '# A\nx\n## B\ny' } as const;
    const text = storedStructure({ ...base, mimeType: 'text/plain' } as never, []);
    expect(text.sections.map((section) => section.headingPath)).toEqual([['A'], ['A', 'B']]);
    const pdf = storedStructure({ ...base, mimeType: 'application/pdf' } as never, []);
    expect(pdf.sections).toEqual([]);
    expect(new FakeTokenCounter().count(pdf.text)).toBeGreaterThan(0);
  });
});
