import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, request, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DomainError, isDomainError } from '@chatbuddy/core';
import { ChromaClient } from 'chromadb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromaVectorStore } from './chroma-vector-store.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const script = join(root, 'scripts/chroma-server.sh');
const dimensions = 384;

/**
 * A free port of this file's own range, below the kernel's ephemeral ports (32768 and up). A port
 * picked with `listen(0)` can be handed to another test's server while this file's Chroma is
 * stopped for a restart; a server of its own range cannot be.
 */
async function freePort(): Promise<number> {
  for (let port = 28460; port <= 28469; port++) {
    const server = createServer();
    const free = await new Promise<boolean>((done) => {
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 28460 and 28469');
}

function vector(seed: number): number[] {
  return Array.from({ length: dimensions }, (_, index) => Math.sin(seed * 31 + index * 7));
}

function embeddedChunks(projectId: string, documentId: string, count: number) {
  return Array.from({ length: count }, (_, position) => ({
    chunk: {
      id: `${documentId}-${position}`,
      projectId,
      documentId,
      position,
      text: `chunk ${position}`,
      headingPath: [],
      tokenCount: 2,
      charStart: position * 10,
      charEnd: position * 10 + 7,
      metadata: {},
    },
    embedding: vector(position),
  }));
}

// Needs the same environment as the other Chroma tests (the bundled server can run here), but
// starts and kills its own server on a free port so the shared one is never disturbed.
describe.skipIf(!process.env.CHROMA_URL)('ChromaVectorStore when the server dies', () => {
  let port = 0;
  let data = '';
  const server = (command: 'start' | 'stop') =>
    run('bash', [script, command, '--port', String(port), '--data', data], { timeout: 110_000 });

  beforeAll(async () => {
    port = await freePort();
    data = await mkdtemp(join(tmpdir(), 'chroma-fault-'));
    await server('start');
  });

  afterAll(async () => {
    if (port) await server('stop');
    if (data) await rm(data, { recursive: true, force: true });
    if (port) await rm(join(root, `.cache/chroma/chroma-${port}.log`), { force: true });
  });

  it('raises a retryable dependency_unavailable mid-upsert, then answers after a restart', async () => {
    const url = `http://127.0.0.1:${port}`;
    const store = new ChromaVectorStore({
      url,
      timeoutMs: 5_000,
      batchSize: 250,
      collectionPrefix: 'fault-',
    });
    const projectId = '11111111-2222-4333-8444-555555555555';
    const documentId = 'doc-large';
    await store.upsert(projectId, embeddedChunks(projectId, 'doc-small', 3));

    let settled = false;
    const large = store.upsert(projectId, embeddedChunks(projectId, documentId, 20_000)).finally(() => {
      settled = true;
    });
    large.catch(() => {});
    // Kill once the server has stored part of the large upsert (bounded wait).
    const observer = new ChromaClient({ host: '127.0.0.1', port });
    const collection = await observer.getCollection({ name: `fault-${projectId}` });
    for (let attempt = 0; attempt < 400 && (await collection.count()) <= 3; attempt++) {
      await new Promise((done) => setTimeout(done, 25));
    }
    expect(settled).toBe(false);
    await server('stop');

    const started = performance.now();
    const error = await large.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(performance.now() - started).toBeLessThan(6_000);
    expect(isDomainError(error)).toBe(true);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('dependency_unavailable');
    expect((error as DomainError).retryable).toBe(true);
    await expect(store.ping()).rejects.toMatchObject({ code: 'dependency_unavailable', retryable: true });
    await expect(store.query(projectId, { embedding: vector(1), topK: 1 })).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });

    await server('start');
    await store.ping();
    const before = await store.query(projectId, {
      embedding: vector(1),
      topK: 1,
      documentIds: ['doc-small'],
    });
    expect(before[0]!.chunk.id).toBe('doc-small-1');
    expect(before[0]!.score).toBeGreaterThan(0.99);
    // The interrupted upsert is retried as a whole, as the ingestion use case would do.
    await store.upsert(projectId, embeddedChunks(projectId, documentId, 1_000));
    const after = await store.query(projectId, { embedding: vector(7), topK: 1, documentIds: [documentId] });
    expect(after[0]!.chunk.id).toBe(`${documentId}-7`);
    expect((await store.listChunkIds(projectId, 'doc-small')).length).toBe(3);
  });

  it('gives up on a stalled server after its timeout instead of hanging', async () => {
    const pid = Number(await readFile(join(root, `.cache/chroma/chroma-${port}.pid`), 'utf8'));
    const store = new ChromaVectorStore({ url: `http://127.0.0.1:${port}`, timeoutMs: 500 });
    await store.ping();
    process.kill(pid, 'SIGSTOP');
    try {
      const started = performance.now();
      await expect(store.ping()).rejects.toMatchObject({ code: 'dependency_unavailable', retryable: true });
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await store.ping();
  });
});

/** What Chroma answers now and then while it writes a collection's segments. */
const segmentError = JSON.stringify({
  error: 'InternalError',
  message: 'Error executing plan: Internal error: Error creating hnsw segment reader: Nothing found on disk',
});

/**
 * A proxy in front of the real Chroma server that answers the next `failNext` queries itself with
 * a 500, as Chroma does, and passes everything else through.
 */
async function startProxy(target: URL) {
  const state = { failNext: 0, queries: 0 };
  const server: Server = createHttpServer((incoming: IncomingMessage, outgoing) => {
    const isQuery = incoming.method === 'POST' && (incoming.url ?? '').endsWith('/query');
    if (isQuery) state.queries++;
    if (isQuery && state.failNext > 0) {
      state.failNext--;
      incoming.resume();
      outgoing.writeHead(500, { 'content-type': 'application/json' }).end(segmentError);
      return;
    }
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return { state, url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

describe.skipIf(!process.env.CHROMA_URL)('ChromaVectorStore on a server error', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let store: ChromaVectorStore;
  const projectId = randomUUID();
  const documentId = randomUUID();

  beforeAll(async () => {
    proxy = await startProxy(new URL(process.env.CHROMA_URL as string));
    store = new ChromaVectorStore({ url: proxy.url, collectionPrefix: `retry_${randomUUID().slice(0, 8)}` });
    await store.upsert(projectId, embeddedChunks(projectId, documentId, 3));
  });

  afterAll(async () => {
    await store?.dropProject(projectId);
    proxy?.close();
  });

  it('tries a query once more after a 500, and answers', async () => {
    proxy.state.failNext = 1;
    const before = proxy.state.queries;
    const hits = await store.query(projectId, { embedding: vector(1), topK: 1 });
    expect(hits.map((hit) => hit.chunk.id)).toEqual([`${documentId}-1`]);
    expect(proxy.state.queries - before).toBe(2);
  });

  it('gives a second 500 to the caller as a retryable dependency_unavailable', async () => {
    proxy.state.failNext = 2;
    const before = proxy.state.queries;
    await expect(store.query(projectId, { embedding: vector(1), topK: 1 })).rejects.toMatchObject({
      code: 'dependency_unavailable',
      retryable: true,
    });
    expect(proxy.state.queries - before).toBe(2);
  });
});
