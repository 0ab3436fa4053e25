import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { type Lane, loadShedding } from './load-shedding.js';
import { indexingLanes } from '../app.js';

/** Requests to `/slow/…` hold their slot until released; every other path answers at once. */
async function startApp(options: { maxConcurrent: number; maxQueueMs: number; lanes: Lane[] }) {
  let releases: Array<() => void> = [];
  const entered: Array<() => void> = [];
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      ctx.status = (error as { code?: string }).code === 'overloaded' ? 503 : 500;
      ctx.body = { error: (error as { code?: string }).code };
    }
  });
  app.use(loadShedding(options));
  app.use(async (ctx) => {
    if (ctx.path.startsWith('/slow')) {
      // A request that waits on something bounded elsewhere gives its slot back first.
      if (ctx.path.startsWith('/slow/released')) {
        (ctx.state as { releaseSlot?: () => void }).releaseSlot?.();
        (ctx.state as { releaseSlot?: () => void }).releaseSlot?.();
      }
      entered.shift()?.();
      await new Promise<void>((resolve) => releases.push(resolve));
    }
    ctx.body = { path: ctx.path };
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    nextEntered: () => new Promise<void>((resolve) => entered.push(resolve)),
    releaseAll: () => {
      for (const release of releases) release();
      releases = [];
    },
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const slowLane = (maxConcurrent: number, maxQueueMs: number, maxQueued?: number): Lane => ({
  matches: (method, path) => method === 'POST' && path.startsWith('/slow'),
  maxConcurrent,
  maxQueueMs,
  ...(maxQueued === undefined ? {} : { maxQueued }),
});

describe('load shedding lanes', () => {
  it('lets a request give its slot back early, once: the next one is admitted while it still runs', async () => {
    const app = await startApp({ maxConcurrent: 8, maxQueueMs: 0, lanes: [slowLane(1, 0)] });
    const firstIn = app.nextEntered();
    const first = fetch(`${app.url}/slow/released`, { method: 'POST' });
    await firstIn;
    const secondIn = app.nextEntered();
    const second = fetch(`${app.url}/slow/held`, { method: 'POST' });
    await secondIn;
    // The slot is taken again by the second: a third is shed, the double release counted once.
    expect((await fetch(`${app.url}/slow/third`, { method: 'POST' })).status).toBe(503);
    app.releaseAll();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    const fourthIn = app.nextEntered();
    const fourth = fetch(`${app.url}/slow/fourth`, { method: 'POST' });
    await fourthIn;
    expect((await fetch(`${app.url}/slow/fifth`, { method: 'POST' })).status).toBe(503);
    app.releaseAll();
    expect((await fourth).status).toBe(200);
  });

  it('keeps a burst of a lane out of the shared slots: other requests are admitted at once', async () => {
    const app = await startApp({ maxConcurrent: 1, maxQueueMs: 0, lanes: [slowLane(1, 10_000)] });
    const entries = [app.nextEntered(), app.nextEntered(), app.nextEntered()];
    const held = [1, 2, 3].map(() => fetch(`${app.url}/slow`, { method: 'POST' }));
    await entries[0];
    // One slow request runs, two wait in the lane; the one shared slot is still free.
    const quick = await fetch(`${app.url}/quick`);
    expect(quick.status).toBe(200);
    expect(await quick.json()).toEqual({ path: '/quick' });
    // The lane's waiters are admitted one by one as slots free, none shed.
    for (const entry of entries) {
      await entry;
      app.releaseAll();
    }
    expect((await Promise.all(held)).map((response) => response.status)).toEqual([200, 200, 200]);
  });

  it('sheds a lane request that waited past the lane budget, and one beyond the lane queue at once', async () => {
    const app = await startApp({ maxConcurrent: 4, maxQueueMs: 1_000, lanes: [slowLane(1, 150, 1)] });
    const entered = app.nextEntered();
    const first = fetch(`${app.url}/slow/1`, { method: 'POST' });
    await entered;
    const waiting = fetch(`${app.url}/slow/2`, { method: 'POST' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    const beyondQueue = await fetch(`${app.url}/slow/3`, { method: 'POST' });
    expect(beyondQueue.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(140);
    expect((await waiting).status).toBe(503);
    app.releaseAll();
    expect((await first).status).toBe(200);
    // A GET of the same path is not in the lane.
    expect((await fetch(`${app.url}/other`)).status).toBe(200);
  });
});

describe('indexingLanes', () => {
  const [lane] = indexingLanes({ maxConcurrentIndexing: 2, maxIndexingQueueMs: 30_000 });

  it('takes uploads, replacements and reindexing, and nothing else', () => {
    const id = '0b4e6c3a-8f2d-4c1e-9a7b-5d6e7f8a9b0c';
    for (const [method, path] of [
      ['POST', '/upload-doc'],
      ['POST', '/upload-doc/file'],
      ['PUT', `/documents/${id}`],
      ['POST', `/documents/${id}/reindex`],
      ['POST', `/projects/${id}/documents/file`],
      ['POST', `/projects/${id}/documents/${id}/reindex`],
    ] as const)
      expect(lane?.matches(method, path), `${method} ${path}`).toBe(true);
    for (const [method, path] of [
      ['GET', '/upload-doc'],
      ['GET', `/documents/${id}`],
      ['DELETE', `/documents/${id}`],
      ['POST', '/chat'],
      ['POST', '/assistant/chat'],
      ['GET', `/projects/${id}/documents`],
      ['PATCH', `/projects/${id}`],
      ['POST', '/upload-docs'],
      ['POST', `/documents/${id}/reindex/x`],
    ] as const)
      expect(lane?.matches(method, path), `${method} ${path}`).toBe(false);
  });

  it('is off with MAX_CONCURRENT_INDEXING=0: uploads share the slots', () => {
    expect(indexingLanes({ maxConcurrentIndexing: 0, maxIndexingQueueMs: 30_000 })).toEqual([]);
  });
});
