import {
  call,
  createServerStack,
  freePortInRange,
  type PrivatePostgres,
  type PrivateRedis,
  type Reply,
  type RunningInstance,
  type ServerStack,
  startPrivatePostgres,
  startPrivateRedis,
  terminateSessions,
} from '@chatbuddy/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../../scripts/build-if-stale.mjs';

/** Chats and document reads every 50 ms, each outcome recorded with its time. */
function steadyTraffic(url: string, apiKey: string) {
  const outcomes: Array<{ at: number; status: number; code?: string }> = [];
  let running = true;
  const loop = (async () => {
    for (let turn = 0; running; turn += 1) {
      const reply: Reply | null =
        turn % 2 === 0
          ? await call(url, '/chat', { apiKey, json: { message: 'When is the helpdesk open?' } }).catch(
              () => null,
            )
          : await call(url, '/documents', { apiKey }).catch(() => null);
      outcomes.push({ at: Date.now(), status: reply?.status ?? 0, code: reply?.body?.error?.code });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    outcomes,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Polls until `probe` holds; resolves with the time it took. */
async function timeUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

// A PostgreSQL cluster (port 55440–55449) and a redis-server (6385–6389) of this file's own,
// stopped and restarted under traffic; vectors on the shared Chroma server.
describe.skipIf(!process.env.DB_URL || !process.env.CHROMA_URL)('dependency faults under traffic', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis | undefined;
  let stack: ServerStack;
  let instance: RunningInstance;
  let apiKey = '';
  const ready = async () => (await call(instance.url, '/ready').catch(() => null))?.status === 200;
  const chatWorks = async () =>
    (await call(instance.url, '/chat', { apiKey, json: { message: 'When is the helpdesk open?' } }))
      .status === 200;

  beforeAll(async () => {
    expect(ensureBuilt()).toBe(true);
    postgres = await startPrivatePostgres(await freePortInRange(55440, 55449));
    if (process.env.REDIS_URL) redis = await startPrivateRedis(await freePortInRange(6385, 6389));
    stack = await createServerStack({
      postgresUrl: postgres.url,
      chromaUrl: process.env.CHROMA_URL as string,
      ...(redis && { redisUrl: redis.url }),
    });
    instance = await stack.startInstance('faulty');
    const project = await stack.setup.projects.create({ ownerId: stack.admin.id, name: 'Faults' });
    apiKey = project.apiKey;
    await stack.setup.documents.upload(project.project.id, {
      title: 'Helpdesk',
      content: 'The helpdesk is open from 8 in the morning until 5 in the afternoon.',
    });
    // The instance no longer needs the set-up runtime's connections; it keeps its own pool.
  }, 600_000);

  afterAll(async () => {
    await stack?.dispose().catch(() => undefined);
    await postgres?.destroy();
    await redis?.stop();
  });

  it('answers 503 with the envelope while PostgreSQL is down, /ready says why, and recovers without a restart', async () => {
    expect(await chatWorks()).toBe(true);
    const traffic = steadyTraffic(instance.url, apiKey);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await postgres.stop('fast');
    const down = await call(instance.url, '/chat', {
      apiKey,
      json: { message: 'When is the helpdesk open?' },
    });
    expect(down.status).toBe(503);
    expect(down.body.error).toMatchObject({ code: 'dependency_unavailable', message: expect.any(String) });
    expect(down.headers.get('x-request-id')).toBeTruthy();
    const readiness = await call(instance.url, '/ready');
    expect(readiness.status).toBe(503);
    expect(readiness.body.ready).toBe(false);
    expect(readiness.body.checks).toContainEqual(expect.objectContaining({ name: 'postgresql', ok: false }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await postgres.start();
    const readyAfterMs = await timeUntil(ready, 30_000);
    const chatAfterMs = await timeUntil(chatWorks, 30_000);
    await traffic.stop();
    console.info(`PostgreSQL restart: /ready 200 after ${readyAfterMs} ms, a chat after ${chatAfterMs} ms`);
    const statuses = new Set(traffic.outcomes.map((outcome) => outcome.status));
    expect([...statuses].every((status) => status === 200 || status === 503)).toBe(true);
    expect(traffic.outcomes.some((outcome) => outcome.code === 'dependency_unavailable')).toBe(true);
    expect(traffic.outcomes.at(-1)?.status).toBe(200);
    expect(instance.rssKib()).toBeGreaterThan(0);
  }, 180_000);

  it('survives pg_terminate_backend on its connections: at most a few 503s, then 200 again', async () => {
    expect(await chatWorks()).toBe(true);
    const traffic = steadyTraffic(instance.url, apiKey);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const terminated = await terminateSessions(postgres.url, new URL(stack.dbUrl).pathname.slice(1));
    expect(terminated).toBeGreaterThan(0);
    const terminatedAt = Date.now();
    const recoveredMs = await timeUntil(async () => (await chatWorks()) && (await ready()), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await traffic.stop();
    const after = traffic.outcomes.filter((outcome) => outcome.at >= terminatedAt);
    const failed = after.filter((outcome) => outcome.status !== 200).length;
    console.info(
      `pg_terminate_backend: chat and /ready 200 after ${recoveredMs} ms (${failed} requests 503)`,
    );
    expect(after.every((outcome) => outcome.status === 200 || outcome.status === 503)).toBe(true);
    expect(after.at(-1)?.status).toBe(200);
    expect(instance.rssKib()).toBeGreaterThan(0);
  }, 120_000);

  it.skipIf(!process.env.REDIS_URL)(
    'keeps serving while its Redis is stopped and after it is back',
    async () => {
      expect(await chatWorks()).toBe(true);
      const traffic = steadyTraffic(instance.url, apiKey);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis!.stop();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await chatWorks()).toBe(true);
      const readiness = await call(instance.url, '/ready');
      expect(readiness.status).toBe(200);
      await redis!.start();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await chatWorks()).toBe(true);
      await traffic.stop();
      expect(traffic.outcomes.length).toBeGreaterThan(10);
      expect(traffic.outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    },
    120_000,
  );
});
