import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain-error.js';
import { RecordingLogger } from '../../testing/recording-logger.js';
import {
  createIndexingWorld,
  lastGoodIndex,
  policy,
  projectA,
  projectB,
} from './__fixtures__/indexing-world.js';
import { BackgroundIndexing } from './background-indexing.js';

/** A job that runs until `finish` is called, recording when it started. */
function gatedJob(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const work = async () => {
    started.push(name);
    await done;
  };
  return { work, finish: () => finish() };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('BackgroundIndexing', () => {
  it('runs `concurrency` at once and holds a caller back while the backlog is full', async () => {
    const queue = new BackgroundIndexing(new RecordingLogger(), { concurrency: 1, backlog: 1 });
    const started: string[] = [];
    const a = gatedJob(started, 'a');
    const b = gatedJob(started, 'b');
    (await queue.place()).start(a.work);
    (await queue.place()).start(b.work);
    let third = false;
    const placing = queue.place().then((place) => {
      third = true;
      return place;
    });
    await turn();
    expect(started).toEqual(['a']);
    expect(third).toBe(false);
    expect(queue.size).toBe(2);
    a.finish();
    await turn();
    expect(started).toEqual(['a', 'b']);
    expect(third).toBe(true);
    (await placing).cancel();
    b.finish();
    await queue.idle();
    expect(queue.size).toBe(0);
  });

  it('logs a run that throws and goes on with the next', async () => {
    const logger = new RecordingLogger();
    const queue = new BackgroundIndexing(logger, { concurrency: 1, backlog: 4 });
    let ran = false;
    (await queue.place()).start(async () => {
      throw new Error('boom');
    });
    (await queue.place()).start(async () => {
      ran = true;
    });
    await queue.idle();
    expect(ran).toBe(true);
    expect(logger.matching('in the background failed')).toHaveLength(1);
  });

  it('on close, refuses new places with shutting_down and waits for what it accepted', async () => {
    const queue = new BackgroundIndexing(new RecordingLogger(), { concurrency: 1, backlog: 0 });
    const started: string[] = [];
    const a = gatedJob(started, 'a');
    (await queue.place()).start(a.work);
    const waiting = queue.place().catch((error: unknown) => error);
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    expect(await waiting).toMatchObject({ code: 'shutting_down' });
    await expect(queue.place()).rejects.toMatchObject({ code: 'shutting_down' });
    await turn();
    expect(closed).toBe(false);
    a.finish();
    await closing;
    expect(closed).toBe(true);
  });

  it('stops waiting on close after waitMs, drops the runs that did not start, and says how many were left', async () => {
    const queue = new BackgroundIndexing(new RecordingLogger(), { concurrency: 1, backlog: 2 });
    const started: string[] = [];
    const a = gatedJob(started, 'a');
    (await queue.place()).start(a.work);
    let dropped = false;
    let ranLate = false;
    (await queue.place()).start(
      async () => {
        ranLate = true;
      },
      () => {
        dropped = true;
      },
    );
    expect(await queue.close(20)).toBe(2);
    expect(dropped).toBe(true);
    a.finish();
    await queue.idle();
    expect(ranLate).toBe(false);
    expect(await queue.close(20)).toBe(0);
  });

  it('tells runs still under way at the close deadline to stop, and waits a moment for them', async () => {
    const queue = new BackgroundIndexing(new RecordingLogger(), { concurrency: 1, backlog: 1 });
    const place = await queue.place();
    let stoppedWith: unknown = null;
    place.start(
      () =>
        new Promise<void>((resolve) => {
          // A run that stops at its next step once told to.
          place.signal.addEventListener('abort', () => {
            stoppedWith = place.signal.reason;
            setTimeout(resolve, 20);
          });
        }),
    );
    expect(place.signal.aborted).toBe(false);
    const since = Date.now();
    expect(await queue.close(50)).toBe(1);
    expect(place.signal.aborted).toBe(true);
    expect(stoppedWith).toMatchObject({ code: 'shutting_down' });
    // Returned once the run had stopped, well before the second of grace.
    expect(queue.size).toBe(0);
    expect(Date.now() - since).toBeLessThan(900);
  });

  it('keeps the first close’s deadline: a later call waits only for what is left of it', async () => {
    const queue = new BackgroundIndexing(new RecordingLogger(), { concurrency: 1, backlog: 2 });
    const started: string[] = [];
    const a = gatedJob(started, 'a');
    (await queue.place()).start(a.work);
    const first = queue.close(200);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const since = Date.now();
    // Asked for 10 s, the second call stops at the first one's deadline, about 50 ms later (then
    // gives the run, which does not listen, its second to stop).
    expect(await queue.close(10_000)).toBe(1);
    expect(Date.now() - since).toBeLessThan(2_500);
    expect(await first).toBe(1);
    a.finish();
    await queue.idle();
    expect(await queue.close(10_000)).toBe(0);
  });

  it('calls beforeWaiting once, only when the caller waits, and refuses past maxWaitingForRoom', async () => {
    const queue = new BackgroundIndexing(new RecordingLogger(), {
      concurrency: 1,
      backlog: 0,
      maxWaitingForRoom: 1,
    });
    const started: string[] = [];
    const a = gatedJob(started, 'a');
    let waits = 0;
    (await queue.place(() => waits++)).start(a.work);
    expect(waits).toBe(0);
    const waiting = queue.place(() => waits++);
    await turn();
    expect(waits).toBe(1);
    await expect(queue.place()).rejects.toMatchObject({ code: 'overloaded', retryAfterSeconds: 1 });
    a.finish();
    (await waiting).cancel();
    expect(waits).toBe(1);
    await queue.idle();
  });

  it('uses a place once, and refuses impossible settings', async () => {
    const queue = new BackgroundIndexing(new RecordingLogger());
    const place = await queue.place();
    place.cancel();
    expect(() => place.start(async () => undefined)).toThrow('used once');
    expect(() => new BackgroundIndexing(new RecordingLogger(), { concurrency: 0 })).toThrow(RangeError);
  });
});

describe('uploads answered before they are indexed', () => {
  it('answers `indexing` without chunks, then the document is ready and retrievable', async () => {
    const world = await createIndexingWorld();
    const answered = await world.upload.execute(projectA, { content: policy() }, { respondAsync: true });
    expect(answered).toMatchObject({ status: 'indexing', chunkCount: 0, version: 0 });
    await world.background.idle();
    const stored = await world.get.execute(projectA, { documentId: answered.id });
    expect(stored.status).toBe('ready');
    expect(stored.chunkCount).toBeGreaterThan(1);
    expect(await world.retrieve(projectA)).toHaveLength(stored.chunkCount);
    expect(world.ports.logger.warnings).toEqual([]);
  });

  it('records a failed run on the document, leaves no vectors and logs it', async () => {
    const world = await createIndexingWorld();
    world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    const answered = await world.upload.execute(projectA, { content: policy() }, { respondAsync: true });
    await world.background.idle();
    const stored = await world.get.execute(projectA, { documentId: answered.id });
    expect(stored).toMatchObject({ status: 'failed', chunkCount: 0 });
    expect(stored.failureReason).toBeTruthy();
    expect(await world.ports.vectorStore.listChunkIds(projectA, answered.id)).toEqual([]);
    expect(world.ports.logger.matching('after its request was answered failed')).toHaveLength(1);
  });

  it('stops a run still under way when a closing queue stops waiting: failed, interrupted, no vectors', async () => {
    const world = await createIndexingWorld();
    let open!: () => void;
    world.flaky.gate = new Promise<void>((resolve) => (open = resolve)); // holds its first vectors
    const answered = await world.upload.execute(projectA, { content: policy() }, { respondAsync: true });
    const closing = world.background.close(50);
    await new Promise((resolve) => setTimeout(resolve, 100));
    open();
    expect(await closing).toBe(1);
    await world.background.idle();
    const stored = await world.get.execute(projectA, { documentId: answered.id });
    expect(stored).toMatchObject({ status: 'failed', failureReason: 'interrupted', chunkCount: 0 });
    expect(await world.ports.vectorStore.listChunkIds(projectA, answered.id)).toEqual([]);
    // The runtime reports the runs a stop left; each is not a failure of its own.
    expect(world.ports.logger.warnings).toEqual([]);
  });

  it('refuses identical content before anything is queued, naming the existing document', async () => {
    const world = await createIndexingWorld();
    const first = await world.upload.execute(projectA, { content: policy() });
    const error = await world.upload
      .execute(projectA, { content: policy() }, { respondAsync: true })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'duplicate_document', details: { documentId: first.id } });
    expect(world.background.size).toBe(0);
  });

  it('indexes nothing of a document deleted while it waited, and says nothing of it', async () => {
    const world = await createIndexingWorld();
    let open!: () => void;
    world.flaky.gate = new Promise<void>((resolve) => (open = resolve)); // holds the first run's vectors
    const blocking = await world.upload.execute(projectB, { content: policy('B') }, { respondAsync: true });
    const waiting = await world.upload.execute(projectA, { content: policy() }, { respondAsync: true });
    await world.remove.execute(projectA, { documentId: waiting.id });
    world.ports.clock.advance(2_000);
    open();
    await world.background.idle();
    expect((await world.get.execute(projectB, { documentId: blocking.id })).status).toBe('ready');
    expect(await world.ports.vectorStore.listChunkIds(projectA, waiting.id)).toEqual([]);
    expect(await world.list.execute(projectA, { limit: 20 })).toMatchObject({ items: [] });
    expect(world.ports.logger.warnings).toEqual([]);
    // Its run saw it gone before embedding anything.
    expect(world.embedder.calls.flat().some((text) => text.includes('variant A'))).toBe(false);
  });

  it('retries a failed document once when it is sent again twice at once', async () => {
    const world = await createIndexingWorld();
    world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    const failed = await world.upload.execute(projectA, { content: policy() }).catch((error) => error);
    expect(failed.code).toBe('provider_unavailable');
    world.embedder.failWith = null;
    const [first, second] = await Promise.allSettled([
      world.upload.execute(projectA, { content: policy() }),
      world.upload.execute(projectA, { content: policy() }),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { status: 'ready' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'duplicate_document' } });
    const document = await world.get.execute(projectA, { documentId: failed.details.documentId });
    expect(document.version).toBe(1);
    expect((await world.ports.vectorStore.listChunkIds(projectA, document.id)).length).toBe(
      document.chunkCount,
    );
  });

  it('files go the same way', async () => {
    const world = await createIndexingWorld();
    const answered = await world.uploadFile.execute(
      projectA,
      { filename: 'policy.md', bytes: new TextEncoder().encode(policy()) },
      { respondAsync: true },
    );
    expect(answered.status).toBe('indexing');
    await world.background.idle();
    expect((await world.get.execute(projectA, { documentId: answered.id })).status).toBe('ready');
  });
});

describe('replacements, reindexing and retries answered before they are indexed', () => {
  it('a replacement answers `indexing` with the new content stored; readers keep the old chunks until the swap', async () => {
    const world = await createIndexingWorld();
    const { original, answering } = await lastGoodIndex(world);
    let open!: () => void;
    world.flaky.gate = new Promise<void>((resolve) => (open = resolve)); // holds the new vectors
    const answered = await world.replace.execute(
      projectA,
      { documentId: original.id, content: policy('B') },
      { respondAsync: true },
    );
    expect(answered).toMatchObject({ id: original.id, status: 'indexing', version: original.version });
    await turn();
    expect(await world.retrieve(projectA)).toEqual(answering);
    open();
    await world.background.idle();
    const stored = await world.get.execute(projectA, { documentId: original.id });
    expect(stored).toMatchObject({ status: 'ready', version: original.version + 1 });
    expect(stored.content).toBe(policy('B'));
    const now = await world.retrieve(projectA);
    expect(now.length).toBe(stored.chunkCount);
    expect(now.every((text) => !text.includes('variant A'))).toBe(true);
    expect(await world.ports.vectorStore.listChunkIds(projectA, original.id)).toHaveLength(stored.chunkCount);
    expect(world.ports.logger.warnings).toEqual([]);
  });

  it('a replacement with the same content of a ready document answers at once and gives its place back', async () => {
    const world = await createIndexingWorld();
    const { original } = await lastGoodIndex(world);
    const answered = await world.replace.execute(
      projectA,
      { documentId: original.id, content: policy(), title: 'Renamed' },
      { respondAsync: true },
    );
    expect(answered).toMatchObject({ status: 'ready', title: 'Renamed', version: original.version });
    expect(world.background.size).toBe(0);
  });

  it("refuses a replacement by another document's content, or of a missing document, holding no place", async () => {
    const world = await createIndexingWorld();
    const { original } = await lastGoodIndex(world);
    const other = await world.upload.execute(projectA, { content: policy('B') });
    const duplicate = await world.replace
      .execute(projectA, { documentId: original.id, content: policy('B') }, { respondAsync: true })
      .catch((error: unknown) => error);
    expect(duplicate).toMatchObject({ code: 'duplicate_document', details: { documentId: other.id } });
    const missing = await world.reindex
      .execute(projectA, { documentId: '00000000-0000-4000-8000-0000000000ff' }, { respondAsync: true })
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'document_not_found' });
    // Another project's document is missing too.
    const foreign = await world.reindex
      .execute(projectB, { documentId: original.id }, { respondAsync: true })
      .catch((error: unknown) => error);
    expect(foreign).toMatchObject({ code: 'document_not_found' });
    expect(world.background.size).toBe(0);
    expect((await world.get.execute(projectA, { documentId: original.id })).status).toBe('ready');
  });

  it('a reindex answers `indexing`, then repairs a failed document in the background', async () => {
    const world = await createIndexingWorld();
    world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    const failed = await world.upload.execute(projectA, { content: policy() }).catch((error) => error);
    const documentId = failed.details.documentId as string;
    world.embedder.failWith = null;
    const answered = await world.reindex.execute(projectA, { documentId }, { respondAsync: true });
    expect(answered).toMatchObject({ id: documentId, status: 'indexing', failureReason: null });
    await world.background.idle();
    const stored = await world.get.execute(projectA, { documentId });
    expect(stored).toMatchObject({ status: 'ready', version: 1 });
    expect(await world.retrieve(projectA)).toHaveLength(stored.chunkCount);
  });

  it('a failed document sent again is retried in the background, once while its run waits', async () => {
    const world = await createIndexingWorld();
    world.embedder.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    const failed = await world.upload.execute(projectA, { content: policy() }).catch((error) => error);
    world.embedder.failWith = null;
    let open!: () => void;
    world.flaky.gate = new Promise<void>((resolve) => (open = resolve)); // holds another run first
    const blocking = await world.upload.execute(projectB, { content: policy('B') }, { respondAsync: true });
    const retried = await world.upload.execute(projectA, { content: policy() }, { respondAsync: true });
    expect(retried).toMatchObject({ id: failed.details.documentId, status: 'indexing' });
    // Its run has not started: sending it again meanwhile is a duplicate, not a second run.
    const again = await world.upload
      .execute(projectA, { content: policy() }, { respondAsync: true })
      .catch((error: unknown) => error);
    expect(again).toMatchObject({ code: 'duplicate_document' });
    open();
    await world.background.idle();
    expect((await world.get.execute(projectB, { documentId: blocking.id })).status).toBe('ready');
    const document = await world.get.execute(projectA, { documentId: retried.id });
    expect(document).toMatchObject({ status: 'ready', version: 1 });
    expect(await world.ports.vectorStore.listChunkIds(projectA, document.id)).toHaveLength(
      document.chunkCount,
    );
  });
});
