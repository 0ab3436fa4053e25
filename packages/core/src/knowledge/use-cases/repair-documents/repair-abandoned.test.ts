import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type IndexingWorld,
  createIndexingWorld,
  policy,
  projectA,
} from '../../indexing/__fixtures__/indexing-world.js';
import { repairDocumentsInput } from './repair-documents.input.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
afterEach(() => vi.useRealTimers());

/** Holds every embedder call until `open()`: a run that is live for as long as the test wants. */
function gateEmbedder(world: IndexingWorld) {
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const embed = world.embedder.embed.bind(world.embedder);
  vi.spyOn(world.embedder, 'embed').mockImplementation(async (texts, options) => {
    await gate;
    return embed(texts, options);
  });
  return { open };
}

/** A run that died mid-way after writing a vector: `indexing`, a lease, an orphan in the vector store. */
async function crashedRun(world: IndexingWorld, content: string, contentChanged: boolean) {
  const document = await world.upload.execute(projectA, { content });
  const leaseExpiresAt = new Date(world.ports.clock.now().getTime() + 60_000);
  const patch = contentChanged ? { content: `An added paragraph.\n\n${content}` } : {};
  await world.ports.documents.update(
    projectA,
    document.id,
    { ...patch, status: 'indexing', leaseExpiresAt },
    world.ports.clock.now(),
  );
  const kept = contentChanged ? [] : await world.ports.vectorStore.listChunkIds(projectA, document.id);
  const [chunk] = await world.ports.documents.listChunks(projectA, document.id);
  const orphan = { ...chunk!, id: world.ports.ids.newId() };
  await world.ports.vectorStore.upsert(projectA, [{ chunk: orphan, embedding: Array(64).fill(0.1) }]);
  return { document, kept };
}

const pass = (input: object = {}) => repairDocumentsInput.parse(input);

describe('RepairDocuments (abandoned work)', () => {
  it('releases a run whose lease expired and never touches one whose lease is renewed', async () => {
    const world = await createIndexingWorld();
    const reindexed = await crashedRun(world, policy('A'), false);
    const replaced = await crashedRun(world, policy('B'), true);
    const gate = gateEmbedder(world);
    const live = world.upload.execute(projectA, { content: policy('C') });
    for (let tick = 0; tick < 3; tick++) {
      world.ports.clock.advance(20_000);
      await vi.advanceTimersByTimeAsync(20_000);
    }
    // 60 s on: the crashed runs' leases just expired, the live one was renewed to 100 s.
    const [running] = await world.ports.documents
      .listAbandoned(null, 10)
      .then((all) =>
        all.filter(
          (document) => document.id !== reindexed.document.id && document.id !== replaced.document.id,
        ),
      );
    const outcomes = await world.repair.execute(pass());
    expect(outcomes).toEqual([
      {
        projectId: projectA,
        documentId: reindexed.document.id,
        previousStatus: 'indexing',
        status: 'failed',
        error: 'interrupted',
      },
      {
        projectId: projectA,
        documentId: replaced.document.id,
        previousStatus: 'indexing',
        status: 'failed',
        error: 'interrupted',
      },
    ]);
    const first = await world.get.execute(projectA, { documentId: reindexed.document.id });
    expect(first).toMatchObject({
      status: 'failed',
      failureReason: 'interrupted',
      chunkCount: reindexed.kept.length,
    });
    // The interrupted reindex keeps serving the last good index; only the orphan vector goes.
    expect((await world.ports.vectorStore.listChunkIds(projectA, first.id)).sort()).toEqual(
      reindexed.kept.sort(),
    );
    const second = await world.get.execute(projectA, { documentId: replaced.document.id });
    expect(second).toMatchObject({ status: 'failed', failureReason: 'interrupted', chunkCount: 0 });
    expect(await world.ports.documents.listChunks(projectA, second.id)).toEqual([]);
    expect(await world.ports.vectorStore.listChunkIds(projectA, second.id)).toEqual([]);
    expect((await world.get.execute(projectA, { documentId: running!.id })).status).toBe('indexing');
    world.ports.clock.advance(39_000);
    expect(await world.repair.execute(pass())).toEqual([]);
    gate.open();
    expect((await live).status).toBe('ready');
    expect(await world.reindex.execute(projectA, { documentId: second.id })).toMatchObject({
      status: 'ready',
    });
  });

  it('releases a run whose renewals stopped once its lease expires; the run still converges', async () => {
    const world = await createIndexingWorld();
    const gate = gateEmbedder(world);
    const live = world.upload.execute(projectA, { content: policy() });
    await vi.advanceTimersByTimeAsync(0);
    const [document] = await world.ports.documents.listAbandoned(null, 10);
    world.ports.clock.advance(59_999);
    expect(await world.repair.execute(pass())).toEqual([]);
    world.ports.clock.advance(1);
    expect(await world.repair.execute(pass())).toMatchObject([
      { documentId: document!.id, error: 'interrupted' },
    ]);
    gate.open();
    expect((await live).status).toBe('ready');
  });

  it('releases every unfinished document at once when told no other process runs', async () => {
    const world = await createIndexingWorld();
    const { document } = await crashedRun(world, policy(), true);
    expect(await world.repair.execute(pass())).toEqual([]);
    expect(await world.repair.execute(pass({ everyUnfinished: true }))).toMatchObject([
      { documentId: document.id, status: 'failed', error: 'interrupted' },
    ]);
  });

  it('releases a document once when two passes race', async () => {
    const world = await createIndexingWorld();
    const { document } = await crashedRun(world, policy(), false);
    world.ports.clock.advance(60_000);
    const [one, two] = await Promise.all([world.repair.execute(pass()), world.repair.execute(pass())]);
    expect([...one!, ...two!].map((outcome) => outcome.documentId)).toEqual([document.id]);
  });
});
