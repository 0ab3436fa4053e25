import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain-error.js';
import { RecordingLogger } from '../../testing/recording-logger.js';
import { createIndexingWorld, policy, projectA, projectB } from './__fixtures__/indexing-world.js';
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
    expect(world.ports.logger.matching('after its upload was answered failed')).toHaveLength(1);
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
